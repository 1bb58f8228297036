# expect-runtime: error
# exercise: early_stopping
# Puts markup and control sequences wherever text of the submission reaches a report: its
# printed output, the message of the exception it raises (shown as the run problem), a source
# line holding a raw escape character (shown as "at line N"). Terminal: ANSI/OSC escapes that
# clear the screen and retitle the window, lines that look like the grader's own ("early_stopping:
# 18 / 18", "  PASS"); HTML: <script>, an <img onerror>; CSV: a cell starting with "=". Contained
# when no report carries a control character, a line of the grader's made up by the submission,
# live markup, or a cell that a spreadsheet would run as a formula.
import torch

EVIL = ("\x1b[2J\x1b[H\x1b]0;owned\x07\rearly_stopping: 18 / 18   [LGINJECT]\n  PASS   18/18 LGINJECT"
        "\n<script>alert('LGINJECT')</script><img src=x onerror=alert(1)>\n=HYPERLINK(\"http://x\",\"LGINJECT\")")


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu", patience=5):
    print(EVIL)
    for xb, yb in train_loader:
        optimizer.zero_grad()
        loss_fn(model(xb.to(device)), yb.to(device)).backward()
        optimizer.step()
    marker = "LGINJECT"; raise ValueError(EVIL)


def _raw_escape_line():
    return "[31mLGINJECT-RAW[0m"
