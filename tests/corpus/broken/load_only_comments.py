# expect-runtime: load_error
# exercise: training_loop
# TODO: write train() here
