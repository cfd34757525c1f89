# turn.awk: daily bars from 2020-01-01 of UP (rising 1%/day), DOWN (falling 1%/day) and TURN (rising
# like UP until bar `turn`, then falling 5%/day), wiggling as regimes.awk's; writes bars `from` to n-1.
BEGIN { t0 = 1577836800; if (turn == "") turn = n
  split("UP DOWN TURN", names, " "); drift["UP"] = 0.01; drift["DOWN"] = -0.01; drift["TURN"] = 0.01
  for (s = 1; s <= 3; s++) price[names[s]] = 100
  for (i = 0; i < n; i++) for (s = 1; s <= 3; s++) { sym = names[s]; o = price[sym]
    d = (sym == "TURN" && i >= turn) ? -0.05 : drift[sym]
    w = (i % 2 ? 0.004 : -0.004); c = o * (1 + d + w)
    h = (o > c ? o : c) * 1.005; l = (o < c ? o : c) * 0.995; v = 1000 + (c > o ? 500 : 0)
    price[sym] = c
    if (i >= from)
      printf "{\"type\":\"bar\",\"symbol\":\"%s\",\"tf\":\"1D\",\"t\":%d,\"o\":%.4f,\"h\":%.4f,\"l\":%.4f,\"c\":%.4f,\"v\":%d}\n", sym, t0 + 86400 * i, o, h, l, c, v } }
