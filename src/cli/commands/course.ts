/**
 * `inflow course ...`: documents to a course file, and course files in and out of storage.
 *
 *   inflow course generate handbook.pdf slides.pptx --out safety.course.yaml
 *   inflow course validate safety.course.yaml
 *   inflow course import safety.course.yaml --org acme [--course <courseId>] [--accept-review]
 *   inflow course export <versionId> --out safety.course.yaml
 *
 * A course that fails a quality gate leaves with exit code 5 (see course-review.ts).
 */
import { readFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { authorCourse } from '../../authoring/author-course.ts';
import { formatCourseSummary, summarizeCourse } from '../../authoring/authoring-summary.ts';
import {
  exportCourseFile,
  formatCourseFileErrors,
  parseCourseFile,
} from '../../authoring/course-file/course-file.ts';
import { readLlmProvider } from '../../authoring/llm/llm-settings.ts';
import { checkQuality } from '../../authoring/quality/quality-gates.ts';
import { readSourceFile } from '../../authoring/source-file.ts';
import type { SourceDocument } from '../../authoring/source-file.ts';
import {
  draftOfVersion,
  loadCourseVersion,
  publishCourse,
} from '../../courses/course-repository.ts';
import { COURSE_KINDS } from '../../courses/model.ts';
import { CliError, EXIT } from '../exit-codes.ts';
import { checkOutputPath, writeOutputFile } from '../output-file.ts';
import { createProgressLine } from '../progress-line.ts';
import { withRuntime } from '../runtime-options.ts';
import { organizationOrThrow } from './org.ts';
import { readGenerateOptions, readLanguage, type GenerateCliOptions } from './course-options.ts';
import { failedGateNames, failsReview, publishRefused, writtenForReview } from './course-review.ts';

export function registerCourseCommands(program: Command): void {
  const course = program
    .command('course')
    .description('Generate, validate, import and export courses');

  course
    .command('generate')
    .description(
      'Turn documents (PDF, DOCX, PPTX, HTML, Markdown, text) into one course file; ' +
        'exit 5 when it needs review',
    )
    .argument('<files...>', 'source documents; several make one course')
    .requiredOption('--out <file>', 'course file to write (YAML)')
    .option('--json', 'print the summary as JSON')
    .option('--kind <kind>', `${COURSE_KINDS.join(', ')}`, 'training')
    .option('--lessons <n>', 'exactly this many lessons')
    .option('--lesson-minutes <n>', 'reading time of each lesson')
    .option('--questions <n>', 'questions per lesson, 1-5')
    .option('--audience <text>', 'who the course is for, e.g. "warehouse staff"')
    .option('--role <text>', 'the learners\' role, e.g. "forklift operator"')
    .option('--tone <tone>', 'neutral, friendly or formal')
    .option('--language <code>', 'language to write the course in (needs an LLM to translate)')
    .option('--expect-language <code>', 'refuse documents in any other language')
    .option('--sms-segments <n>', 'add an SMS version of each lesson within this many segments')
    .option('--offline', 'do not use the LLM configured in INFLOW_LLM_* variables')
    .action(async (files: string[], options: GenerateCliOptions) => {
      const generateOptions = readGenerateOptions(options);
      const expectLanguage = readLanguage('--expect-language', options.expectLanguage);
      await checkOutputPath('--out', options.out);
      const llm = options.offline
        ? { ok: true as const, value: undefined }
        : readLlmProvider(process.env);
      if (!llm.ok) throw new CliError(llm.error, EXIT.usage);

      const sources = await readSources(files, expectLanguage);
      const progress = createProgressLine(process.stderr);
      if (llm.value) progress.stage(`Writing lessons with ${llm.value.model}`);
      const authored = await authorCourse({
        sources,
        options: generateOptions,
        llm: llm.value,
        onLesson: (done, total) =>
          progress.update(`${bar(done, total)} lesson ${done} of ${total}`),
      });
      progress.done();
      if (!authored.ok) throw new CliError(authored.error, EXIT.badInput);

      await writeOutputFile('--out', options.out, exportCourseFile(authored.value.draft));
      const mismatches = sources.flatMap((source) =>
        source.warnings
          .filter((w) => w.code === 'format_mismatch')
          .map((w) => `${source.name}: ${w.message}`),
      );
      const summary = summarizeCourse({
        ...authored.value,
        warnings: [...mismatches, ...authored.value.warnings],
      });
      if (options.json) console.log(JSON.stringify({ out: options.out, ...summary }, null, 2));
      else console.log(`${formatCourseSummary(summary)}\nWrote ${options.out}`);
      if (summary.status !== 'ready') {
        throw writtenForReview(options.out, authored.value.quality);
      }
    });

  course
    .command('validate')
    .description(
      'Check a course file: its fields, with line numbers, then the quality gates ' +
        '(exit 5 when a gate fails)',
    )
    .argument('<file>', 'course file (YAML)')
    .option('--json', 'print the result as JSON')
    .action(async (file: string, options: { json?: boolean }) => {
      const text = await readFile(file, 'utf8').catch(() => {
        throw new CliError(`${file}: file not found`, EXIT.badInput);
      });
      const parsed = parseCourseFile(text);
      if (!parsed.ok)
        throw new CliError(
          `${file} is not a valid course file:\n${formatCourseFileErrors(parsed.error, file)}`,
          EXIT.badInput,
        );

      const quality = checkQuality(parsed.value);
      const summary = summarizeCourse({
        draft: parsed.value,
        quality,
        generation: {
          generator: 'offline',
          requests: 0,
          usage: { inputTokens: 0, outputTokens: 0 },
          estimatedCostUsd: 0,
        },
        warnings: ['source locations are not checked without the source documents'],
      });
      if (options.json) console.log(JSON.stringify({ file, valid: true, ...summary }, null, 2));
      else console.log(`${file} is a valid course file.\n${formatCourseSummary(summary)}`);
      if (quality.status !== 'ready') throw failsReview(file, quality);
    });

  course
    .command('import')
    .description('Publish a course file: a new course, or with --course the next version of one')
    .argument('<file>', 'course file (YAML)')
    .requiredOption('--org <idOrSlug>', 'organization to publish in')
    .option('--course <courseId>', 'publish as the next version of this course')
    .option('--accept-review', 'publish even if a quality gate fails; marked for review')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (file: string, options: ImportCliOptions) => {
      const text = await readFile(file, 'utf8').catch(() => {
        throw new CliError(`${file}: file not found`, EXIT.badInput);
      });
      const parsed = parseCourseFile(text);
      if (!parsed.ok)
        throw new CliError(
          `${file} is not a valid course file:\n${formatCourseFileErrors(parsed.error, file)}`,
          EXIT.badInput,
        );
      const quality = checkQuality(parsed.value);
      if (quality.status !== 'ready' && !options.acceptReview) throw publishRefused(file, quality);

      await withRuntime(options, async (context) => {
        const organization = await organizationOrThrow(context, options.org);
        const published = await publishCourse(
          context.db,
          organization.id,
          parsed.value,
          options.course,
          {
            reviewStatus: quality.status,
            qualityReport: quality,
            generation: { generator: 'import', file },
          },
        ).catch((error: unknown) => {
          throw new CliError(
            `could not publish ${file}: ${(error as Error).message}`,
            EXIT.badInput,
          );
        });
        const review =
          quality.status === 'ready'
            ? 'quality gates passed'
            : `marked for review; accepted with ${failedGateNames(quality).join(', ')} failing`;
        console.log(
          `Published ${parsed.value.title} as course ${published.courseId} version ` +
            `${published.version}, version id ${published.versionId} (${review}).`,
        );
      });
    });

  course
    .command('export')
    .description('Write a published course version as a course file, to edit and import again')
    .argument('<versionId>', 'course version id')
    .option('--out <file>', 'file to write; standard output without it')
    .option('--data-dir <dir>', 'folder of the embedded database (or INFLOW_DATA_DIR)')
    .action(async (versionId: string, options: { out?: string; dataDir?: string }) => {
      if (options.out) await checkOutputPath('--out', options.out);
      await withRuntime(options, async (context) => {
        const version = /^[0-9a-f-]{36}$/i.test(versionId)
          ? await loadCourseVersion(context.db, versionId)
          : undefined;
        if (!version)
          throw new CliError(`no course version has the id "${versionId}"`, EXIT.badInput);
        const text = exportCourseFile(draftOfVersion(version));
        if (options.out) {
          await writeOutputFile('--out', options.out, text);
          console.log(`Wrote ${version.title} version ${version.version} to ${options.out}`);
        } else {
          process.stdout.write(text);
        }
      });
    });
}

interface ImportCliOptions {
  org: string;
  course?: string;
  acceptReview?: boolean;
  dataDir?: string;
}

async function readSources(
  files: readonly string[],
  expectLanguage?: string,
): Promise<SourceDocument[]> {
  const progress = createProgressLine(process.stderr);
  const sources: SourceDocument[] = [];
  for (const file of files) {
    const read = await readSourceFile(file, {
      expectLanguages: expectLanguage ? [expectLanguage] : undefined,
      onPage: (page, pages) => {
        if (pages >= 10) progress.update(`${bar(page, pages)} ${file}: page ${page} of ${pages}`);
      },
    });
    progress.done();
    if (!read.ok) throw new CliError(read.error, EXIT.badInput);
    sources.push(read.value);
  }
  return sources;
}

/** "[######----]": a bar of ten cells for long documents. */
function bar(done: number, total: number): string {
  const filled = Math.round((done / Math.max(1, total)) * 10);
  return `[${'#'.repeat(filled)}${'-'.repeat(10 - filled)}]`;
}
