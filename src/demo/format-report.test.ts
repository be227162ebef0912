import { describe, expect, it } from 'vitest';
import { formatDemoReport } from './format-report.ts';
import type { DemoResult } from './run-demo.ts';
import { simulationSeed } from './simulation-seed.ts';

function demoResult(overrides: Partial<DemoResult> = {}): DemoResult {
  return {
    organizationName: 'Larkspur Logistics',
    organizationSlug: 'larkspur-logistics',
    replacedOrganizations: [],
    sourceName: 'owasp-top10-2017-en.pdf',
    learners: 50,
    lessons: 2,
    questions: 5,
    simulatedDays: 2.1,
    closedOut: { enrolmentsWithdrawn: 50, deliveriesCancelled: 3, promptsClosed: 12 },
    dataLocation: '/tmp/demo/pgdata',
    storage: 'embedded',
    report: {
      courseVersionId: 'version-1',
      courseTitle: 'OWASP Top 10',
      enrolled: 50,
      completed: 20,
      completionRate: 0.4,
      lessonsSent: 100,
      questionsSent: 240,
      answers: 190,
      accuracy: 0.75,
      medianReplyMinutes: 43.5,
      lessons: [
        { position: 1, title: 'A1 Injection', sent: 50, answered: 100, accuracy: 0.7 },
        { position: 2, title: 'A2 Broken Authentication', sent: 50, answered: 90, accuracy: 0.8 },
      ],
      atRisk: [{ learnerId: 'l-1', fullName: 'Ingrid Falk', reason: 'answered 1 of 4 questions' }],
    },
    ...overrides,
  };
}

describe('the demo report', () => {
  it('names the source document and every lesson title', () => {
    const text = formatDemoReport(demoResult(), 31.2);

    expect(text).toContain('"OWASP Top 10" for Larkspur Logistics\n  from owasp-top10-2017-en.pdf');
    expect(text).toMatch(/ 1\. A1 Injection +sent {2}50/);
    expect(text).toMatch(/ 2\. A2 Broken Authentication +sent {2}50/);
  });

  it('says the demo ended with nothing left to send, and what it cancelled', () => {
    const text = formatDemoReport(demoResult(), 31.2);

    expect(text).toContain('Demo ended: 50 enrolments withdrawn, 3 queued messages cancelled;');
    expect(text).toContain('nothing of larkspur-logistics is left to send.');
    expect(text).not.toContain('Replaced');
  });

  it('names the earlier demo organizations a run replaced', () => {
    const text = formatDemoReport(
      demoResult({ replacedOrganizations: ['larkspur-logistics', 'larkspur-logistics-2'] }),
      31.2,
    );

    expect(text).toContain(
      'Replaced the previous demo data (larkspur-logistics, larkspur-logistics-2).',
    );
  });

  it('keeps every line within 100 columns', () => {
    const text = formatDemoReport(demoResult(), 31.2);

    for (const line of text.split('\n')) expect(line.length).toBeLessThanOrEqual(100);
  });
});

describe('the simulation seed of a demo run', () => {
  it('is the same for the same seed and document text, and differs with either', () => {
    const seed = simulationSeed('inflow-demo', '# Handbook\nLift with your legs.');

    expect(simulationSeed('inflow-demo', '# Handbook\nLift with your legs.')).toBe(seed);
    expect(simulationSeed('inflow-demo', '# Handbook\nLift with your knees.')).not.toBe(seed);
    expect(simulationSeed('other-seed', '# Handbook\nLift with your legs.')).not.toBe(seed);
    expect(seed).toMatch(/^inflow-demo:[0-9a-f]{16}$/);
  });
});
