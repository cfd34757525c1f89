/* tl_bt.c: the backtest engine: one series simulated bar by bar, and its
 * statistics. */
#include "tl_bt.h"
#include "tl_strat.h"
#include "tl_time.h"

#include <math.h>
#include <string.h>

/* Seconds in a mean Gregorian-Julian year of 365.25 days, for CAGR. */
#define YEAR_S 31557600.0

const char *tl_bt_reason_name(int r)
{
	static const char *const names[] = {
	    "signal", "stop", "stop_gap", "target", "target_gap", "risk_halt"};

	return r >= 0 && r <= TL_BT_RISK_HALT ? names[r] : "signal";
}

void tl_bt_opt_init(struct tl_bt_opt *o)
{
	memset(o, 0, sizeof *o);
	o->cash = 10000;
	o->size_kind = TL_BT_SIZE_ALL;
}

void tl_bt_init(struct tl_bt *bt, const struct tl_bt_opt *o, int tf,
                tl_bt_trade_fn *on_trade, tl_bt_equity_fn *on_equity, void *ctx)
{
	memset(bt, 0, sizeof *bt);
	bt->o = o;
	bt->tf = tf;
	bt->on_trade = on_trade;
	bt->on_equity = on_equity;
	bt->ctx = ctx;
	bt->cash = bt->equity = bt->peak = o->cash;
	bt->pend = TL_DIR_HOLD;
	bt->need_atr = o->sl.kind == TL_BT_ATR || o->tp.kind == TL_BT_ATR ||
	               o->trail.kind == TL_BT_ATR;
	if (bt->need_atr)
		tl_ind_atr_init(&bt->atr, TL_BT_ATR_PERIOD);
	bt->halt_day = bt->day = INT64_MIN;
	bt->best = -INFINITY;
	bt->worst = INFINITY;
}

/* Returns the UTC day number of t (days since 1970-01-01). */
static int64_t day_of(int64_t t)
{
	return t >= 0 ? t / 86400 : -((-t + 86399) / 86400);
}

/* Returns the fill price of a market order at price p: slippage moves it
 * against the trader (up for a buy, down for a sell). */
static double slipped(const struct tl_bt *bt, double p, int buy)
{
	return buy ? p * (1 + bt->o->slippage) : p * (1 - bt->o->slippage);
}

/* Closes the position at fill price fp for reason, in bar b. */
static void close_at(struct tl_bt *bt, double fp, int reason,
                     const struct tl_bar *b)
{
	const struct tl_bt_opt *o = bt->o;
	double fee = fp * bt->size * o->fee + o->fee_fixed;
	struct tl_bt_trade tr;
	double delta;

	bt->cash += bt->side * bt->size * fp - fee;
	bt->fees += fee;
	tr.side = bt->side;
	tr.size = bt->size;
	tr.entry_t = bt->entry_t;
	tr.entry = bt->entry;
	tr.exit_t = b->t;
	tr.exit = fp;
	tr.fees = bt->entry_fee + fee;
	tr.pnl = bt->side * bt->size * (fp - bt->entry) - tr.fees;
	tr.return_pct = tr.pnl / (bt->entry * bt->size) * 100;
	tr.bars = bt->i - bt->entry_i;
	tr.reason = reason;
	tr.open = 0;
	bt->side = 0;

	bt->ntr++;
	if (tr.pnl > 0) {
		bt->nwin++;
		bt->gross_win += tr.pnl;
	} else if (tr.pnl < 0) {
		bt->nloss++;
		bt->gross_loss -= tr.pnl;
	}
	bt->ret_sum += tr.return_pct;
	if (tr.return_pct > bt->best)
		bt->best = tr.return_pct;
	if (tr.return_pct < bt->worst)
		bt->worst = tr.return_pct;
	delta = tr.pnl - bt->pnl_mean;
	bt->pnl_mean += delta / (double)bt->ntr;
	bt->pnl_m2 += delta * (tr.pnl - bt->pnl_mean);
	bt->tr_bars_sum += tr.bars;
	if (tr.bars > bt->tr_bars_max)
		bt->tr_bars_max = tr.bars;
	bt->on_trade(bt->ctx, &tr);
}

/* Returns the level at distance d from price p on side dir's loss side
 * (sign -1: a stop) or profit side (sign 1: a target). */
static double level(const struct tl_bt_dist *d, double p, int dir, int sign,
                    double atr)
{
	return d->kind == TL_BT_FRAC ? p * (1 + sign * dir * d->v)
	                             : p + sign * dir * d->v * atr;
}

/* Opens a position of side dir at market price p in bar b; atr is the ATR
 * at the deciding close. Too little cash for one unit opens nothing. */
static void open_at(struct tl_bt *bt, int dir, double p, double atr,
                    const struct tl_bar *b)
{
	const struct tl_bt_opt *o = bt->o;
	double fp = slipped(bt, p, dir > 0), q;

	if (o->size_kind == TL_BT_SIZE_UNITS) {
		q = o->size;
	} else {
		double budget = o->size_kind == TL_BT_SIZE_ALL
		                    ? bt->cash
		                    : bt->cash * o->size;

		q = (budget - o->fee_fixed) / (fp * (1 + o->fee));
		if (!o->fractional)
			q = floor(q);
	}
	if (!(q > 0))
		return;
	bt->side = dir;
	bt->size = q;
	bt->entry = fp;
	bt->entry_fee = fp * q * o->fee + o->fee_fixed;
	bt->cash -= dir * q * fp + bt->entry_fee;
	bt->fees += bt->entry_fee;
	bt->entry_t = b->t;
	bt->entry_i = bt->i;
	if (o->sl.kind)
		bt->stop = level(&o->sl, fp, dir, -1, atr);
	if (o->tp.kind)
		bt->target = level(&o->tp, fp, dir, 1, atr);
	bt->trail = o->trail.kind == TL_BT_ATR ? o->trail.v * atr : o->trail.v;
	bt->extreme = fp;
}

/* Moves the position to dir at market price p (closing for reason,
 * then opening when dir is not flat). */
static void execute(struct tl_bt *bt, int dir, double p, double atr, int reason,
                    const struct tl_bar *b)
{
	if (bt->side && dir != bt->side)
		close_at(bt, slipped(bt, p, bt->side < 0), reason, b);
	if (dir != TL_DIR_FLAT && !bt->side)
		open_at(bt, dir, p, atr, b);
}

/* Checks the position's stop (the tighter of --sl and --trail) and target
 * against bar b, closing it when one is hit; then moves the trail. */
static void check_exits(struct tl_bt *bt, const struct tl_bar *b)
{
	const struct tl_bt_opt *o = bt->o;
	int d = bt->side, has_s = 0, has_t = o->tp.kind != TL_BT_NONE;
	double s = 0, t = bt->target;

	if (!d)
		return;
	if (o->sl.kind) {
		s = bt->stop;
		has_s = 1;
	}
	if (o->trail.kind) {
		double tr = o->trail.kind == TL_BT_FRAC
		                ? bt->extreme * (1 - d * bt->trail)
		                : bt->extreme - d * bt->trail;

		if (!has_s || (d > 0 ? tr > s : tr < s))
			s = tr;
		has_s = 1;
	}
	if (has_s && (d > 0 ? b->o < s : b->o > s))
		close_at(bt, slipped(bt, b->o, d < 0), TL_BT_STOP_GAP, b);
	else if (has_t && (d > 0 ? b->o > t : b->o < t))
		close_at(bt, b->o, TL_BT_TARGET_GAP, b);
	else if (has_s && (d > 0 ? b->l <= s : b->h >= s))
		close_at(bt, slipped(bt, s, d < 0), TL_BT_STOP, b);
	else if (has_t && (d > 0 ? b->h >= t : b->l <= t))
		close_at(bt, t, TL_BT_TARGET, b);
	else if (d > 0 ? b->h > bt->extreme : b->l < bt->extreme)
		bt->extreme = d > 0 ? b->h : b->l;
}

/* Marks equity at bar b's close and updates the return and drawdown
 * statistics. */
static void mark(struct tl_bt *bt, const struct tl_bar *b)
{
	double prev = bt->equity, r, delta;

	bt->equity = bt->cash + bt->side * bt->size * b->c;
	if (bt->side)
		bt->exposed++;
	r = bt->equity / prev - 1;
	bt->nret++;
	delta = r - bt->ret_mean;
	bt->ret_mean += delta / (double)bt->nret;
	bt->ret_m2 += delta * (r - bt->ret_mean);
	if (r < 0)
		bt->down_sq += r * r;
	if (bt->equity >= bt->peak) {
		if (bt->peak_i < bt->i && bt->ep_min < 0) {
			uint64_t n = bt->i - bt->peak_i;

			bt->ep_n++;
			bt->ep_depth_sum += bt->ep_min;
			bt->ep_bars_sum += (double)n;
			if (n > bt->ep_bars_max)
				bt->ep_bars_max = n;
		}
		bt->ep_min = 0;
		bt->peak = bt->equity;
		bt->peak_i = bt->i;
	} else {
		double dd = bt->equity / bt->peak - 1;

		if (dd < bt->ep_min)
			bt->ep_min = dd;
		if (dd < bt->dd_min)
			bt->dd_min = dd;
	}
}

void tl_bt_bar(struct tl_bt *bt, const struct tl_bar *b, int ready, int dir)
{
	const struct tl_bt_opt *o = bt->o;
	int64_t day = day_of(b->t);
	double atr = NAN;
	int wd, halt = 0;

	if (bt->i == 0) {
		bt->start_t = b->t;
		bt->day_start = bt->cash;
		bt->day = day;
		bt->ndays = 1;
	} else if (day != bt->day) {
		bt->day_start = bt->equity;
		bt->day = day;
		bt->ndays++;
	}
	wd = (int)(((day % 7) + 7 + 4) % 7); /* 0 Sunday .. 6 Saturday */
	if (wd == 0 || wd == 6)
		bt->weekend = 1;

	/* The order decided at the last close fills at this open. */
	if (bt->pend != TL_DIR_HOLD) {
		execute(bt, bt->pend, b->o, bt->pend_atr, bt->pend_reason, b);
		bt->pend = TL_DIR_HOLD;
	}
	check_exits(bt, b);

	/* The decision at this close. */
	if (bt->need_atr) {
		atr = tl_ind_atr_next(&bt->atr, b->h, b->l, b->c);
		if (isnan(atr))
			ready = 0;
	}
	if (ready && !bt->have_bh) {
		bt->have_bh = 1;
		bt->bh_first = b->c;
	}
	if (dir == TL_DIR_SHORT && o->long_only)
		dir = TL_DIR_FLAT;
	if (!ready)
		dir = TL_DIR_HOLD;
	if (dir != TL_DIR_HOLD && (bt->halt_dd || bt->halt_day == day))
		dir = TL_DIR_FLAT; /* no new entries while halted */
	if (dir != TL_DIR_HOLD && dir != bt->side) {
		if (o->fill_close) {
			execute(bt, dir, b->c, atr, TL_BT_SIGNAL, b);
		} else {
			bt->pend = dir;
			bt->pend_atr = atr;
			bt->pend_reason = TL_BT_SIGNAL;
		}
	}

	mark(bt, b);

	/* The risk limits, on the equity at this close. */
	if (o->max_drawdown > 0 && !bt->halt_dd &&
	    bt->equity <= bt->peak * (1 - o->max_drawdown)) {
		bt->halt_dd = 1;
		halt = 1;
	}
	if (o->daily_loss > 0 && !bt->halt_dd && bt->halt_day != day &&
	    bt->equity <= bt->day_start * (1 - o->daily_loss)) {
		bt->halt_day = day;
		halt = 1;
	}
	if (halt) {
		bt->halts++;
		bt->pend = bt->side ? TL_DIR_FLAT : TL_DIR_HOLD;
		bt->pend_reason = TL_BT_RISK_HALT;
	}
	if (bt->on_equity)
		bt->on_equity(bt->ctx, b->t, bt->equity,
		              (bt->equity / bt->peak - 1) * 100);
	bt->last_close = b->c;
	bt->end_t = b->t;
	bt->i++;
}

void tl_bt_finish(struct tl_bt *bt, struct tl_bt_summary *s)
{
	const struct tl_bt_opt *o = bt->o;
	double ppy, sd = NAN, down, growth, n;
	uint64_t last = bt->i ? bt->i - 1 : 0;

	if (bt->side) {
		struct tl_bt_trade tr;

		tr.side = bt->side;
		tr.size = bt->size;
		tr.entry_t = bt->entry_t;
		tr.entry = bt->entry;
		tr.exit_t = bt->end_t;
		tr.exit = bt->last_close;
		tr.fees = bt->entry_fee;
		tr.pnl = bt->side * bt->size * (bt->last_close - bt->entry) -
		         tr.fees;
		tr.return_pct = tr.pnl / (bt->entry * bt->size) * 100;
		tr.bars = last - bt->entry_i;
		tr.reason = TL_BT_SIGNAL;
		tr.open = 1;
		bt->on_trade(bt->ctx, &tr);
	}
	if (bt->ep_min < 0) { /* a drawdown not recovered by the end */
		uint64_t k = last - bt->peak_i;

		bt->ep_n++;
		bt->ep_depth_sum += bt->ep_min;
		bt->ep_bars_sum += (double)k;
		if (k > bt->ep_bars_max)
			bt->ep_bars_max = k;
	}

	if (o->periods_per_year > 0)
		ppy = o->periods_per_year;
	else if (bt->tf == TL_TF_1W)
		ppy = 52;
	else if (bt->tf == TL_TF_1MO)
		ppy = 12;
	else
		ppy = (bt->weekend ? 365 : 252) *
		      ((double)bt->i / (double)(bt->ndays ? bt->ndays : 1));

	memset(s, 0, sizeof *s);
	s->periods_per_year = ppy;
	s->start = bt->start_t;
	s->end = bt->end_t;
	s->duration_s = bt->end_t - bt->start_t;
	s->bars = bt->i;
	s->exposure_pct = bt->i ? (double)bt->exposed / (double)bt->i * 100 : 0;
	s->final_equity = bt->equity;
	s->peak_equity = bt->peak;
	growth = bt->equity / o->cash;
	s->return_pct = (growth - 1) * 100;
	s->buy_hold_return_pct =
	    bt->have_bh ? (bt->last_close / bt->bh_first - 1) * 100 : NAN;
	n = (double)bt->nret;
	s->annual_return_pct =
	    bt->nret && growth > 0 ? (pow(growth, ppy / n) - 1) * 100 : NAN;
	if (bt->nret >= 2)
		sd = sqrt(bt->ret_m2 / (n - 1));
	s->annual_volatility_pct = sd * sqrt(ppy) * 100;
	s->cagr_pct =
	    s->duration_s > 0 && growth > 0
	        ? (pow(growth, YEAR_S / (double)s->duration_s) - 1) * 100
	        : NAN;
	s->sharpe = sd > 0 ? bt->ret_mean / sd * sqrt(ppy) : NAN;
	down = bt->nret ? sqrt(bt->down_sq / n) : 0;
	s->sortino = down > 0 ? bt->ret_mean / down * sqrt(ppy) : NAN;
	s->max_drawdown_pct = bt->dd_min * 100;
	s->calmar =
	    bt->dd_min < 0 ? s->annual_return_pct / -s->max_drawdown_pct : NAN;
	s->avg_drawdown_pct =
	    bt->ep_n ? bt->ep_depth_sum / (double)bt->ep_n * 100 : 0;
	s->max_drawdown_bars = bt->ep_bars_max;
	s->avg_drawdown_bars =
	    bt->ep_n ? bt->ep_bars_sum / (double)bt->ep_n : 0;
	s->trades = bt->ntr;
	s->win_rate_pct = s->best_trade_pct = s->worst_trade_pct = NAN;
	s->avg_trade_pct = s->avg_trade_bars = s->expectancy = NAN;
	if (bt->ntr) {
		double k = (double)bt->ntr;

		s->win_rate_pct = (double)bt->nwin / k * 100;
		s->best_trade_pct = bt->best;
		s->worst_trade_pct = bt->worst;
		s->avg_trade_pct = bt->ret_sum / k;
		s->avg_trade_bars = (double)bt->tr_bars_sum / k;
		s->expectancy = bt->pnl_mean;
	}
	s->max_trade_bars = bt->tr_bars_max;
	s->profit_factor =
	    bt->gross_loss > 0 ? bt->gross_win / bt->gross_loss : NAN;
	s->sqn = NAN;
	if (bt->ntr >= 2) {
		double k = (double)bt->ntr, psd = sqrt(bt->pnl_m2 / (k - 1));

		if (psd > 0)
			s->sqn = sqrt(k) * bt->pnl_mean / psd;
	}
	s->kelly = NAN;
	if (bt->nwin && bt->nloss) {
		double p = (double)bt->nwin / (double)bt->ntr;
		double ratio = (bt->gross_win / (double)bt->nwin) /
		               (bt->gross_loss / (double)bt->nloss);

		s->kelly = p - (1 - p) / ratio;
	}
	s->fees = bt->fees;
	s->risk_halts = bt->halts;
}
