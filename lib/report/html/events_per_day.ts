/**
 * The CloudTrail window's events counted by day, for the page's events-per-day chart: a fixed array of
 * bars, so memory does not grow with the number of events.
 *
 * @module
 */

const DAY_MS = 86_400_000;

/** At most this many bars; a longer window groups days. */
export const MAX_EVENT_BARS = 120;

/** Events per day (or per group of days) of a window. */
export class EventsPerDay {
  /** The window's start: the first bar's. */
  readonly since: Date;
  /** Days each bar counts: 1, unless the window is longer than {@link MAX_EVENT_BARS} days. */
  readonly daysPerBar: number;
  /** Events in each bar, oldest first. */
  readonly bars: number[];

  /**
   * @param since the window's start
   * @param until the window's end
   */
  constructor(since: Date, until: Date) {
    this.since = since;
    const days = Math.max(1, Math.ceil((until.getTime() - since.getTime()) / DAY_MS));
    this.daysPerBar = Math.ceil(days / MAX_EVENT_BARS);
    this.bars = new Array<number>(Math.ceil(days / this.daysPerBar)).fill(0);
  }

  /**
   * Counts one event; an event without a time, or outside the window, is not drawn.
   *
   * @param time when it happened
   */
  add(time: Date | undefined): void {
    if (!time) return;
    const i = Math.floor((time.getTime() - this.since.getTime()) / (this.daysPerBar * DAY_MS));
    if (i >= 0 && i < this.bars.length) this.bars[i]++;
  }

  /**
   * When a bar starts.
   *
   * @param bar the bar's index
   * @returns the instant its first day starts
   */
  barStart(bar: number): Date {
    return new Date(this.since.getTime() + bar * this.daysPerBar * DAY_MS);
  }
}
