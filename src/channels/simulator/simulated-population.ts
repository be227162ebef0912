import { seededRandom, type Random } from '../../shared/random.ts';

/** How a simulated population behaves; every learner varies around these figures. */
export interface PopulationSettings {
  seed: string;
  /** Share of questions a learner answers at all, 0..1. */
  replyRate: number;
  /** Share of graded questions answered correctly, 0..1. */
  accuracy: number;
  /** Median minutes between a question and its answer. */
  medianReplyMinutes: number;
}

export const DEFAULT_POPULATION: PopulationSettings = {
  seed: 'inflow-demo',
  replyRate: 0.85,
  accuracy: 0.75,
  medianReplyMinutes: 40,
};

/** One simulated learner's own tendencies, drawn once from the seed and their id. */
export interface SimulatedLearner {
  replyRate: number;
  accuracy: number;
  medianReplyMinutes: number;
  random: Random;
}

export function createSimulatedLearner(
  settings: PopulationSettings,
  learnerId: string,
): SimulatedLearner {
  const random = seededRandom(`${settings.seed}:${learnerId}`);
  // Proportional spread, so a rate of 0 set by a test stays exactly 0.
  const spread = (value: number, width: number) =>
    clamp(value * (1 + (random() - 0.5) * width), 0, 1);

  // A few learners disengage almost entirely, as real cohorts show; they feed "at risk".
  const disengaged = random() < 0.08;
  return {
    replyRate: disengaged ? settings.replyRate * 0.2 : spread(settings.replyRate, 0.35),
    accuracy: spread(settings.accuracy, 0.5),
    medianReplyMinutes: settings.medianReplyMinutes * (0.5 + random() * 1.5),
    random,
  };
}

/** Minutes until a reply: log-normal around the learner's median, as reply delays are. */
export function drawReplyDelayMinutes(learner: SimulatedLearner): number {
  const normal =
    Math.sqrt(-2 * Math.log(1 - learner.random())) * Math.cos(2 * Math.PI * learner.random());
  return Math.max(0.2, learner.medianReplyMinutes * Math.exp(0.8 * normal));
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(high, Math.max(low, value));
}
