/** Exit codes of every command, documented in `inflow --help`. */
export const EXIT = {
  ok: 0,
  /** Something failed that the user could not have prevented (a bug, a crash). */
  failure: 1,
  /** The command line itself was wrong: unknown command or option, missing argument. */
  usage: 2,
  /** An input file or value could not be used: not found, empty, invalid rows. */
  badInput: 3,
  /** Storage could not be opened or migrated: a wrong DATABASE_URL, a locked data folder. */
  storage: 4,
  /**
   * A course fails a quality gate: `course generate` still wrote it for review, `course
   * validate` found the failures, `course import` refused to publish it without --accept-review.
   */
  needsReview: 5,
} as const;

export const EXIT_CODES_HELP = `
Exit codes:
  0  success
  1  unexpected failure
  2  usage error (unknown command or option, missing argument)
  3  bad input (a file not found, empty, unsupported or invalid; an output file not writable)
  4  storage unavailable (DATABASE_URL unreachable, data folder unusable)
  5  course needs review (a quality gate failed; the draft is written, not published)`;

/** An error whose message is for the user as it stands, with the exit code to leave with. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
  }
}
