/**
 * A count with its English noun, for terminal output: "1 lesson", "3 lessons".
 * Learner-facing text goes through the message catalogs instead, which know other languages.
 * @example counted(1, 'lesson') // "1 lesson"
 * @example counted(2, 'reply', 'replies') // "2 replies"
 */
export function counted(count: number, singular: string, plural = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : plural}`;
}
