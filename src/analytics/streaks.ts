/**
 * A learner's streak: how many of their scheduled days in a row, up to today, they answered
 * on. Days without a lesson (weekends off, holidays, a pause) neither count nor break it, and
 * today does not break it before the learner has had a chance to answer.
 *
 * @example currentStreak({ answeredDays: ['2026-03-05', '2026-03-06', '2026-03-09'],
 *   scheduledDays: ['2026-03-05', '2026-03-06', '2026-03-09', '2026-03-10'],
 *   today: '2026-03-10' }) // 3: the weekend was off, and Tuesday is still open
 */
export function currentStreak(input: {
  answeredDays: readonly string[];
  scheduledDays: readonly string[];
  today: string;
}): number {
  const answered = new Set(input.answeredDays);
  const scheduled = [...new Set(input.scheduledDays)]
    .filter((day) => day <= input.today)
    .sort()
    .reverse();

  let streak = 0;
  for (const day of scheduled) {
    if (answered.has(day)) streak += 1;
    else if (day === input.today) continue;
    else break;
  }
  return streak;
}
