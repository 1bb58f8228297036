# expect-runtime: ok
# exercise: training_loop
# A notebook exported by hand: 3,000 magic and shell lines (and as many `%` lines inside brackets,
# which are Python, not magics) around a correct loop. Stripping them tokenized the whole file
# again for each magic line: quadratic, a minute of the grader's own CPU. One pass now.
import copy

import torch


def train(model, train_loader, val_loader, loss_fn, optimizer, epochs, device="cpu"):
    def run_epoch(loader, train):
        if train:
            model.train()
        else:
            model.eval()
        total_loss = 0.0
        context = torch.enable_grad() if train else torch.no_grad()
        with context:
            for batch_x, batch_y in loader:
                batch_x = batch_x.to(device)
                batch_y = batch_y.to(device)
                pred = model(batch_x)
                loss = loss_fn(pred, batch_y)
                if train:
                    optimizer.zero_grad()
                    loss.backward()
                    optimizer.step()
                total_loss += loss.item() * len(batch_x)
        return total_loss / len(loader.dataset)

    history = {"train_loss": [], "val_loss": []}
    best_val = float("inf")
    best_state = None
    for epoch in range(1, epochs + 1):
        train_loss = run_epoch(train_loader, train=True)
        val_loss = run_epoch(val_loader, train=False)
        history["train_loss"].append(train_loss)
        history["val_loss"].append(val_loss)
        if val_loss < best_val:
            best_val = val_loss
            best_state = copy.deepcopy(model.state_dict())
        if epoch == 1 or epoch % 20 == 0:
            print(f"epoch={epoch:3d} train_loss={train_loss:.4f} val_loss={val_loss:.4f}")

    model.load_state_dict(best_state)
    return history

%matplotlib inline
!pip install -q tqdm  # 0
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 2
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 3
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 4
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 5
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 6
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 7
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 8
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 9
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 10
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 11
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 12
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 13
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 14
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 15
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 16
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 17
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 18
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 19
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 20
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 21
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 22
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 23
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 24
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 25
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 26
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 27
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 28
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 29
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 30
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 31
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 32
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 33
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 34
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 35
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 36
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 37
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 38
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 39
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 40
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 41
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 42
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 43
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 44
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 45
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 46
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 47
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 48
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 49
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 50
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 51
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 52
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 53
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 54
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 55
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 56
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 57
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 58
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 59
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 60
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 61
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 62
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 63
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 64
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 65
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 66
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 67
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 68
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 69
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 70
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 71
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 72
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 73
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 74
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 75
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 76
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 77
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 78
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 79
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 80
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 81
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 82
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 83
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 84
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 85
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 86
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 87
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 88
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 89
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 90
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 91
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 92
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 93
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 94
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 95
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 96
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 97
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 98
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 99
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 100
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 101
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 102
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 103
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 104
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 105
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 106
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 107
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 108
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 109
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 110
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 111
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 112
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 113
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 114
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 115
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 116
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 117
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 118
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 119
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 120
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 121
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 122
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 123
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 124
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 125
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 126
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 127
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 128
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 129
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 130
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 131
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 132
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 133
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 134
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 135
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 136
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 137
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 138
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 139
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 140
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 141
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 142
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 143
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 144
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 145
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 146
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 147
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 148
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 149
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 150
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 151
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 152
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 153
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 154
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 155
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 156
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 157
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 158
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 159
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 160
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 161
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 162
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 163
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 164
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 165
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 166
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 167
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 168
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 169
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 170
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 171
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 172
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 173
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 174
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 175
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 176
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 177
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 178
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 179
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 180
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 181
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 182
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 183
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 184
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 185
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 186
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 187
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 188
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 189
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 190
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 191
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 192
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 193
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 194
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 195
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 196
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 197
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 198
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 199
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 200
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 201
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 202
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 203
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 204
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 205
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 206
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 207
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 208
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 209
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 210
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 211
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 212
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 213
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 214
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 215
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 216
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 217
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 218
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 219
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 220
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 221
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 222
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 223
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 224
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 225
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 226
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 227
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 228
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 229
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 230
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 231
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 232
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 233
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 234
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 235
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 236
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 237
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 238
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 239
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 240
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 241
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 242
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 243
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 244
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 245
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 246
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 247
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 248
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 249
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 250
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 251
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 252
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 253
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 254
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 255
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 256
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 257
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 258
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 259
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 260
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 261
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 262
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 263
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 264
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 265
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 266
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 267
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 268
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 269
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 270
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 271
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 272
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 273
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 274
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 275
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 276
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 277
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 278
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 279
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 280
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 281
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 282
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 283
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 284
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 285
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 286
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 287
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 288
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 289
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 290
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 291
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 292
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 293
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 294
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 295
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 296
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 297
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 298
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 299
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 300
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 301
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 302
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 303
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 304
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 305
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 306
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 307
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 308
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 309
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 310
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 311
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 312
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 313
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 314
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 315
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 316
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 317
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 318
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 319
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 320
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 321
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 322
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 323
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 324
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 325
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 326
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 327
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 328
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 329
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 330
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 331
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 332
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 333
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 334
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 335
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 336
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 337
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 338
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 339
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 340
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 341
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 342
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 343
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 344
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 345
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 346
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 347
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 348
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 349
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 350
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 351
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 352
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 353
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 354
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 355
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 356
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 357
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 358
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 359
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 360
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 361
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 362
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 363
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 364
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 365
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 366
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 367
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 368
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 369
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 370
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 371
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 372
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 373
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 374
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 375
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 376
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 377
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 378
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 379
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 380
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 381
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 382
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 383
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 384
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 385
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 386
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 387
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 388
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 389
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 390
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 391
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 392
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 393
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 394
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 395
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 396
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 397
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 398
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 399
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 400
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 401
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 402
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 403
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 404
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 405
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 406
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 407
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 408
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 409
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 410
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 411
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 412
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 413
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 414
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 415
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 416
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 417
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 418
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 419
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 420
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 421
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 422
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 423
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 424
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 425
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 426
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 427
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 428
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 429
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 430
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 431
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 432
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 433
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 434
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 435
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 436
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 437
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 438
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 439
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 440
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 441
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 442
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 443
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 444
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 445
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 446
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 447
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 448
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 449
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 450
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 451
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 452
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 453
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 454
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 455
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 456
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 457
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 458
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 459
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 460
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 461
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 462
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 463
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 464
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 465
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 466
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 467
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 468
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 469
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 470
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 471
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 472
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 473
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 474
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 475
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 476
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 477
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 478
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 479
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 480
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 481
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 482
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 483
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 484
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 485
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 486
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 487
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 488
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 489
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 490
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 491
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 492
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 493
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 494
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 495
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 496
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 497
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 498
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 499
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 500
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 501
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 502
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 503
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 504
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 505
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 506
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 507
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 508
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 509
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 510
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 511
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 512
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 513
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 514
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 515
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 516
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 517
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 518
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 519
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 520
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 521
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 522
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 523
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 524
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 525
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 526
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 527
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 528
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 529
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 530
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 531
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 532
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 533
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 534
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 535
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 536
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 537
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 538
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 539
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 540
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 541
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 542
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 543
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 544
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 545
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 546
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 547
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 548
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 549
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 550
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 551
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 552
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 553
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 554
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 555
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 556
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 557
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 558
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 559
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 560
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 561
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 562
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 563
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 564
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 565
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 566
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 567
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 568
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 569
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 570
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 571
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 572
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 573
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 574
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 575
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 576
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 577
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 578
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 579
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 580
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 581
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 582
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 583
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 584
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 585
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 586
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 587
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 588
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 589
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 590
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 591
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 592
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 593
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 594
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 595
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 596
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 597
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 598
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 599
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 600
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 601
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 602
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 603
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 604
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 605
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 606
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 607
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 608
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 609
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 610
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 611
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 612
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 613
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 614
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 615
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 616
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 617
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 618
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 619
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 620
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 621
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 622
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 623
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 624
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 625
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 626
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 627
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 628
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 629
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 630
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 631
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 632
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 633
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 634
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 635
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 636
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 637
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 638
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 639
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 640
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 641
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 642
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 643
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 644
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 645
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 646
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 647
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 648
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 649
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 650
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 651
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 652
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 653
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 654
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 655
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 656
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 657
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 658
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 659
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 660
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 661
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 662
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 663
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 664
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 665
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 666
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 667
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 668
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 669
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 670
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 671
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 672
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 673
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 674
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 675
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 676
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 677
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 678
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 679
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 680
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 681
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 682
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 683
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 684
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 685
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 686
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 687
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 688
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 689
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 690
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 691
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 692
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 693
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 694
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 695
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 696
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 697
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 698
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 699
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 700
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 701
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 702
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 703
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 704
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 705
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 706
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 707
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 708
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 709
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 710
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 711
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 712
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 713
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 714
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 715
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 716
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 717
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 718
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 719
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 720
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 721
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 722
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 723
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 724
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 725
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 726
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 727
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 728
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 729
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 730
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 731
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 732
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 733
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 734
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 735
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 736
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 737
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 738
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 739
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 740
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 741
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 742
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 743
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 744
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 745
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 746
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 747
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 748
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 749
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 750
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 751
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 752
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 753
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 754
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 755
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 756
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 757
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 758
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 759
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 760
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 761
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 762
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 763
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 764
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 765
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 766
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 767
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 768
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 769
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 770
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 771
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 772
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 773
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 774
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 775
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 776
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 777
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 778
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 779
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 780
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 781
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 782
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 783
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 784
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 785
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 786
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 787
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 788
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 789
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 790
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 791
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 792
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 793
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 794
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 795
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 796
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 797
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 798
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 799
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 800
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 801
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 802
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 803
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 804
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 805
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 806
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 807
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 808
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 809
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 810
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 811
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 812
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 813
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 814
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 815
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 816
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 817
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 818
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 819
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 820
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 821
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 822
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 823
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 824
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 825
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 826
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 827
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 828
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 829
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 830
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 831
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 832
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 833
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 834
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 835
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 836
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 837
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 838
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 839
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 840
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 841
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 842
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 843
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 844
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 845
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 846
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 847
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 848
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 849
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 850
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 851
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 852
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 853
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 854
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 855
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 856
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 857
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 858
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 859
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 860
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 861
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 862
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 863
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 864
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 865
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 866
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 867
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 868
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 869
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 870
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 871
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 872
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 873
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 874
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 875
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 876
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 877
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 878
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 879
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 880
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 881
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 882
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 883
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 884
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 885
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 886
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 887
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 888
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 889
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 890
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 891
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 892
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 893
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 894
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 895
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 896
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 897
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 898
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 899
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 900
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 901
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 902
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 903
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 904
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 905
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 906
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 907
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 908
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 909
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 910
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 911
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 912
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 913
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 914
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 915
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 916
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 917
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 918
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 919
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 920
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 921
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 922
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 923
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 924
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 925
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 926
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 927
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 928
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 929
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 930
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 931
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 932
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 933
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 934
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 935
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 936
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 937
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 938
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 939
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 940
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 941
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 942
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 943
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 944
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 945
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 946
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 947
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 948
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 949
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 950
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 951
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 952
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 953
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 954
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 955
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 956
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 957
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 958
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 959
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 960
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 961
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 962
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 963
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 964
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 965
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 966
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 967
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 968
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 969
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 970
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 971
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 972
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 973
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 974
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 975
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 976
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 977
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 978
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 979
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 980
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 981
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 982
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 983
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 984
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 985
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 986
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 987
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 988
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 989
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 990
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 991
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 992
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 993
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 994
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 995
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 996
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 997
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 998
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 999
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1000
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1001
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1002
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1003
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1004
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1005
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1006
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1007
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1008
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1009
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1010
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1011
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1012
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1013
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1014
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1015
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1016
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1017
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1018
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1019
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1020
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1021
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1022
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1023
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1024
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1025
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1026
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1027
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1028
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1029
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1030
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1031
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1032
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1033
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1034
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1035
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1036
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1037
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1038
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1039
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1040
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1041
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1042
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1043
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1044
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1045
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1046
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1047
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1048
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1049
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1050
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1051
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1052
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1053
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1054
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1055
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1056
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1057
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1058
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1059
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1060
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1061
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1062
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1063
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1064
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1065
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1066
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1067
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1068
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1069
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1070
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1071
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1072
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1073
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1074
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1075
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1076
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1077
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1078
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1079
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1080
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1081
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1082
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1083
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1084
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1085
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1086
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1087
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1088
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1089
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1090
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1091
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1092
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1093
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1094
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1095
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1096
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1097
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1098
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1099
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1100
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1101
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1102
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1103
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1104
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1105
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1106
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1107
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1108
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1109
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1110
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1111
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1112
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1113
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1114
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1115
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1116
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1117
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1118
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1119
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1120
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1121
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1122
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1123
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1124
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1125
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1126
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1127
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1128
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1129
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1130
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1131
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1132
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1133
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1134
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1135
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1136
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1137
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1138
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1139
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1140
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1141
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1142
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1143
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1144
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1145
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1146
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1147
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1148
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1149
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1150
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1151
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1152
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1153
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1154
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1155
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1156
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1157
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1158
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1159
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1160
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1161
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1162
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1163
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1164
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1165
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1166
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1167
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1168
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1169
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1170
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1171
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1172
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1173
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1174
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1175
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1176
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1177
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1178
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1179
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1180
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1181
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1182
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1183
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1184
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1185
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1186
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1187
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1188
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1189
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1190
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1191
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1192
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1193
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1194
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1195
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1196
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1197
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1198
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1199
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1200
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1201
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1202
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1203
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1204
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1205
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1206
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1207
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1208
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1209
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1210
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1211
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1212
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1213
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1214
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1215
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1216
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1217
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1218
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1219
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1220
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1221
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1222
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1223
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1224
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1225
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1226
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1227
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1228
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1229
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1230
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1231
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1232
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1233
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1234
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1235
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1236
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1237
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1238
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1239
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1240
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1241
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1242
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1243
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1244
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1245
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1246
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1247
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1248
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1249
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1250
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1251
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1252
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1253
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1254
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1255
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1256
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1257
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1258
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1259
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1260
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1261
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1262
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1263
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1264
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1265
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1266
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1267
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1268
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1269
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1270
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1271
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1272
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1273
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1274
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1275
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1276
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1277
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1278
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1279
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1280
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1281
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1282
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1283
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1284
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1285
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1286
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1287
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1288
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1289
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1290
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1291
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1292
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1293
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1294
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1295
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1296
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1297
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1298
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1299
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1300
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1301
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1302
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1303
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1304
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1305
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1306
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1307
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1308
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1309
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1310
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1311
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1312
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1313
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1314
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1315
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1316
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1317
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1318
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1319
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1320
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1321
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1322
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1323
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1324
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1325
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1326
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1327
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1328
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1329
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1330
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1331
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1332
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1333
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1334
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1335
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1336
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1337
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1338
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1339
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1340
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1341
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1342
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1343
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1344
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1345
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1346
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1347
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1348
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1349
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1350
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1351
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1352
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1353
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1354
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1355
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1356
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1357
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1358
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1359
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1360
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1361
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1362
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1363
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1364
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1365
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1366
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1367
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1368
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1369
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1370
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1371
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1372
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1373
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1374
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1375
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1376
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1377
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1378
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1379
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1380
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1381
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1382
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1383
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1384
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1385
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1386
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1387
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1388
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1389
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1390
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1391
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1392
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1393
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1394
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1395
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1396
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1397
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1398
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1399
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1400
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1401
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1402
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1403
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1404
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1405
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1406
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1407
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1408
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1409
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1410
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1411
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1412
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1413
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1414
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1415
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1416
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1417
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1418
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1419
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1420
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1421
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1422
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1423
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1424
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1425
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1426
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1427
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1428
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1429
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1430
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1431
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1432
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1433
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1434
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1435
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1436
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1437
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1438
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1439
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1440
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1441
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1442
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1443
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1444
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1445
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1446
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1447
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1448
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1449
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1450
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1451
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1452
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1453
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1454
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1455
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1456
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1457
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1458
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1459
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1460
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1461
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1462
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1463
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1464
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1465
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1466
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1467
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1468
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1469
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1470
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1471
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1472
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1473
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1474
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1475
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1476
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1477
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1478
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1479
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1480
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1481
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1482
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1483
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1484
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1485
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1486
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1487
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1488
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1489
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1490
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1491
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1492
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1493
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1494
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1495
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1496
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1497
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1498
sizes = (10
%3)
%matplotlib inline
!pip install -q tqdm  # 1499
sizes = (10
%3)
