import { createHash } from 'node:crypto';

/**
 * The seed of a demo run's simulated learners: the chosen seed joined with a digest of the
 * document's text. The same document and seed always give the same run, and another document
 * gives other answers and other learners at risk, so a report for a newcomer's own document
 * can never be mistaken for a copy of the sample's.
 *
 * @example
 *   simulationSeed('inflow-demo', source.content); // "inflow-demo:3f0c9a51b2d4e6f7"
 */
export function simulationSeed(seed: string, documentText: string): string {
  const digest = createHash('sha256').update(documentText, 'utf8').digest('hex');
  return `${seed}:${digest.slice(0, 16)}`;
}
