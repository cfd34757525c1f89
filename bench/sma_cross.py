# bench/sma_cross.py: the peer of 'backtest --strategy sma-cross:10,20' in make
# bench, written plainly with pandas: read the bars, rolling means, crosses,
# then fills at the next open with whole units and no fee. Prints the trades
# as JSON lines. Run with /usr/bin/python3 (Debian's python3-pandas).
import json
import math
import sys

import pandas as pd

df = pd.read_json(sys.argv[1], lines=True)
fast = df["c"].rolling(10).mean()
slow = df["c"].rolling(20).mean()
up = (fast.shift(1) < slow.shift(1)) & (fast > slow)
down = (fast.shift(1) > slow.shift(1)) & (fast < slow)
cash, side, trades = 10000.0, 0, []
opens, times = df["o"].to_numpy(), df["t"].to_numpy()
for i in df.index[(up | down).to_numpy()]:
    want = 1 if up[i] else -1
    if want == side or i + 1 >= len(df):
        continue
    o, t = opens[i + 1], int(times[i + 1])
    if side:
        pnl = side * size * (o - entry)
        cash += side * size * o
        trades.append({"side": "long" if side > 0 else "short", "size": size, "entry_t": et,
                       "entry": entry, "exit_t": t, "exit": o, "pnl": pnl})
    side, size, entry, et = want, math.floor(cash / o), o, t
    cash -= side * size * o
out = sys.stdout
for tr in trades:
    out.write(json.dumps(tr) + "\n")
