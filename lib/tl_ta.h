/* tl_ta.h: indicator specs ("rsi:14,ema:50") and their per-series state, for
 * bars-ta. */
#ifndef TL_TA_H
#define TL_TA_H

#include <stddef.h>

#include "tl_ind.h"

/*
 * A spec list is comma-separated items KIND[:P[:P2[:P3]]]:
 *
 *   sma:N ema:N wma:N rsi:N atr:N roc:N stddev:N rvol:N vwap:N   one field,
 *                                      KIND_N ("rsi_14")
 *   obv                                one field, "obv"
 *   macd[:F:S:G]  (default 12:26:9)    macd_F_S_G, macd_signal_F_S_G,
 *                                      macd_hist_F_S_G
 *   bb:N[:K]      (default K 2)        bb_upper_N_K, bb_mid_N_K, bb_lower_N_K,
 *                                      bb_width_N_K (K as written: 2, 2.5)
 *   adx:N                              adx_N, pdi_N, mdi_N
 *   donchian:N                         dc_upper_N, dc_lower_N, dc_mid_N
 *
 * Periods are whole numbers 1..100000; K is a number in 0..100 written with
 * digits and at most one point. The same field twice is refused.
 */

enum {
	TL_TA_SMA,
	TL_TA_EMA,
	TL_TA_WMA,
	TL_TA_RSI,
	TL_TA_ATR,
	TL_TA_ROC,
	TL_TA_STDDEV,
	TL_TA_RVOL,
	TL_TA_VWAP,
	TL_TA_OBV,
	TL_TA_MACD,
	TL_TA_BB,
	TL_TA_ADX,
	TL_TA_DONCHIAN,
};

#define TL_TA_MAXFIELDS 4
#define TL_TA_NAMELEN   48

/* One parsed item: its kind, periods, K, and the names of its fields. */
struct tl_ta_item {
	int kind;
	int p[3];
	double k;
	int nfields;
	char field[TL_TA_MAXFIELDS][TL_TA_NAMELEN];
};

/* A parsed spec list. */
struct tl_ta_spec {
	struct tl_ta_item *items; /* owned */
	int nitems, nfields;
};

/*
 * Parses the spec list s into spec. Returns 0, or -1 with a message such
 * as `unknown indicator "foo"` in err (spec then holds nothing to release).
 */
int tl_ta_parse(const char *s, struct tl_ta_spec *spec, char *err,
                size_t errlen);

/* Frees what spec holds; a zeroed spec may be released. */
void tl_ta_spec_release(struct tl_ta_spec *spec);

/* The streaming state of one item over one series. */
struct tl_ta_state {
	int kind;
	union {
		struct tl_ind_sma sma;
		struct tl_ind_ema ema;
		struct tl_ind_wma wma;
		struct tl_ind_rsi rsi;
		struct tl_ind_atr atr;
		struct tl_ind_roc roc;
		struct tl_ind_stddev sd;
		struct tl_ind_rvol rvol;
		struct tl_ind_vwap vwap;
		struct tl_ind_obv obv;
		struct tl_ind_macd macd;
		struct tl_ind_bollinger bb;
		struct tl_ind_adx adx;
		struct tl_ind_donchian dc;
	} u;
};

/* The state of a whole spec over one series: spec->nitems states. */
struct tl_ta_series {
	int n;
	struct tl_ta_state *st; /* owned */
};

/* Starts the state of spec (borrowed) for a new series. */
void tl_ta_series_init(struct tl_ta_series *s, const struct tl_ta_spec *spec);

/*
 * Copies the state src into dst, which was made from the same spec
 * (reusing dst's buffers).
 */
void tl_ta_series_copy(struct tl_ta_series *dst,
                       const struct tl_ta_series *src);

/*
 * Adds one bar to every item and stores the spec's nfields values, in the
 * order of the fields, in out (NAN during each one's warm-up).
 */
void tl_ta_series_next(struct tl_ta_series *s, double o, double h, double l,
                       double c, double v, double *out);

/* Frees what s holds. */
void tl_ta_series_release(struct tl_ta_series *s);

#endif
