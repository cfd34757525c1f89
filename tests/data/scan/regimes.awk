# regimes.awk: N daily bars of UP (rising 1%/day), DOWN (falling), FLAT (noise), with a seeded wiggle.
BEGIN { srand(7); t0 = 1577836800
  split("UP DOWN FLAT", names, " "); drift["UP"] = 0.01; drift["DOWN"] = -0.01; drift["FLAT"] = 0
  for (s = 1; s <= 3; s++) price[names[s]] = 100
  for (i = 0; i < n; i++) for (s = 1; s <= 3; s++) { sym = names[s]; o = price[sym]
    w = (i % 2 ? 0.004 : -0.004); c = o * (1 + drift[sym] + w)
    h = (o > c ? o : c) * 1.005; l = (o < c ? o : c) * 0.995; v = 1000 + (c > o ? 500 : 0)
    printf "{\"type\":\"bar\",\"symbol\":\"%s\",\"tf\":\"1D\",\"t\":%d,\"o\":%.4f,\"h\":%.4f,\"l\":%.4f,\"c\":%.4f,\"v\":%d}\n", sym, t0 + 86400 * i, o, h, l, c, v
    price[sym] = c } }
