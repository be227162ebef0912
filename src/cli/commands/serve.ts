import type { Command } from 'commander';

/** Placeholder until the server lands: registers nothing yet. */
export function registerServeCommands(_program: Command): void {}
