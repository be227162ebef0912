/**
 * One request outside Slack's five-minute window is a replay or a slow proxy; many in a
 * short time mean this server's clock has drifted and every learner reply is being refused
 * (pitfall SL-02: a server clock still in 2020 broke every request). That case is raised
 * as an error once per period, so an operator looks at the clock.
 */
import type { Logger } from '../../shared/logger.ts';

export interface StaleAlertSettings {
  /** Stale rejections within the period that raise the alert. */
  threshold: number;
  periodMs: number;
}

export const DEFAULT_STALE_ALERT: StaleAlertSettings = { threshold: 5, periodMs: 10 * 60_000 };

export class StaleRequestMonitor {
  private rejections: number[] = [];
  private alertedAt: number | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly settings: StaleAlertSettings = DEFAULT_STALE_ALERT,
  ) {}

  /** Records one stale rejection; true when it raised the clock-drift alert. */
  record(now: Date, reason: string): boolean {
    const at = now.getTime();
    const { threshold, periodMs } = this.settings;
    this.rejections = [...this.rejections.filter((seen) => at - seen < periodMs), at];
    this.logger.warn({ reason }, 'Slack request refused as stale');

    const recentlyAlerted = this.alertedAt !== undefined && at - this.alertedAt < periodMs;
    if (this.rejections.length < threshold || recentlyAlerted) return false;
    this.alertedAt = at;
    this.logger.error(
      { rejections: this.rejections.length, periodMinutes: periodMs / 60_000 },
      "Slack requests keep arriving outside the 5-minute window: check this server's clock",
    );
    return true;
  }
}
