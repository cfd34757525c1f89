#!/usr/bin/python3
# gen.py: golden vectors for the indicators of lib/tl_ind.c, computed with pandas.
#
# Run once from the tree top with Debian's Python and pandas (not the pyenv
# python3 that may come first on PATH), and commit the output:
#
#   apt-get install -y python3-pandas
#   /usr/bin/python3 tests/data/ind/gen.py
#
# It reads share/tickline/data/{GOOG,EURUSD}.csv (columns ,Open,High,Low,
# Close,Volume) and writes tests/data/ind/<NAME>.tsv: a header line naming
# the columns (kind + period: sma20, ema10, rsi14, atr14, dc20_upper, ...),
# then one line per bar of the CSV in order, each value as Python's repr()
# of the double (shortest round trip), "nan" during the warm-up.
#
# The computations use pandas' own operations and follow the definitions in
# lib/tl_ind.h, not the C code: rolling means, ewm(adjust=False) on a series
# whose first valid value is the SMA seed, rolling max/min.

import os
import sys

import numpy as np
import pandas as pd

TOP = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
DATA = os.path.join(TOP, "share", "tickline", "data")
OUT = os.path.join(TOP, "tests", "data", "ind")

# (name, rows to keep: None for all)
SERIES = [("GOOG", None), ("EURUSD", 1000)]


def seeded_ewm(x, n, alpha, first):
    """Returns the EMA with factor alpha of x from index first on, seeded
    there with the plain mean of the n values x[first-n+1..first]."""
    seed = x.rolling(n).mean().iloc[first]
    s = pd.Series(np.nan, index=x.index)
    s.iloc[first] = seed
    s.iloc[first + 1:] = x.iloc[first + 1:]
    return s.ewm(alpha=alpha, adjust=False).mean()


def sma(c, n):
    return c.rolling(n).mean()


def ema(c, n):
    if len(c) < n:
        return pd.Series(np.nan, index=c.index)
    return seeded_ewm(c, n, 2.0 / (n + 1.0), n - 1)


def rsi(c, n):
    if len(c) <= n:
        return pd.Series(np.nan, index=c.index)
    d = c.diff()
    gain = d.clip(lower=0)
    loss = (-d).clip(lower=0)
    # gains start at index 1, so the mean of g_1..g_n sits at index n
    ag = seeded_ewm(gain, n, 1.0 / n, n)
    al = seeded_ewm(loss, n, 1.0 / n, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        r = 100 - 100 / (1 + ag / al)
    r = r.where(al != 0, np.where(ag > 0, 100.0, 50.0))
    return r.where(ag.notna())


def atr(h, l, c, n):
    if len(c) < n:
        return pd.Series(np.nan, index=c.index)
    pc = c.shift(1)
    tr = pd.concat([h - l, (h - pc).abs(), (l - pc).abs()], axis=1).max(axis=1)
    return seeded_ewm(tr, n, 1.0 / n, n - 1)


def main():
    for name, rows in SERIES:
        df = pd.read_csv(os.path.join(DATA, name + ".csv"), index_col=0)
        if rows is not None:
            df = df.iloc[:rows]
        h, l, c = df["High"], df["Low"], df["Close"]
        up = h.rolling(20).max()
        lo = l.rolling(20).min()
        cols = [
            ("sma20", sma(c, 20)),
            ("ema10", ema(c, 10)),
            ("ema50", ema(c, 50)),
            ("rsi14", rsi(c, 14)),
            ("atr14", atr(h, l, c, 14)),
            ("dc20_upper", up),
            ("dc20_lower", lo),
            ("dc20_mid", (up + lo) / 2),
        ]
        path = os.path.join(OUT, name + ".tsv")
        with open(path, "w") as f:
            f.write("\t".join(k for k, _ in cols) + "\n")
            vals = [v.to_numpy(dtype=float) for _, v in cols]
            for i in range(len(df)):
                f.write("\t".join(repr(float(v[i])) for v in vals) + "\n")
        print("%s: %d rows" % (path, len(df)), file=sys.stderr)


if __name__ == "__main__":
    main()
