/**
 * The rules the Cloud API applies to a message body, as the fake enforces them: Meta's
 * documented limits for text, reply buttons, lists and templates. A broken body is refused
 * the way Meta refuses it (131009 parameter value not valid, 132001 unknown template,
 * 132000 wrong number of parameters), so adapter bugs fail the tests.
 */

export interface RuleProblem {
  code: number;
  details: string;
}

type Body = Record<string, unknown>;

const isText = (value: unknown, max: number) =>
  typeof value === 'string' && value.length > 0 && value.length <= max;

export function validateGraphMessage(body: Body, templates: Record<string, number>): RuleProblem[] {
  const problems: RuleProblem[] = [];
  const invalid = (details: string) => problems.push({ code: 131009, details });

  if (body.messaging_product !== 'whatsapp') invalid('messaging_product must be "whatsapp"');
  if (typeof body.to !== 'string' || !/^\d{6,15}$/.test(body.to)) invalid('to is not a number');

  switch (body.type) {
    case 'text': {
      const text = body.text as Body | undefined;
      if (!isText(text?.body, 4096)) invalid('text.body must be 1 to 4096 characters');
      break;
    }
    case 'interactive':
      checkInteractive(body.interactive as Body | undefined, invalid);
      break;
    case 'template':
      problems.push(...checkTemplate(body.template as Body | undefined, templates));
      break;
    default:
      problems.push({ code: 131051, details: `Unsupported message type ${String(body.type)}` });
  }
  return problems;
}

function checkInteractive(interactive: Body | undefined, invalid: (details: string) => void) {
  const text = (interactive?.body as Body | undefined)?.text;
  const action = interactive?.action as Body | undefined;
  if (interactive?.type === 'button') {
    if (!isText(text, 1024)) invalid('interactive.body.text must be 1 to 1024 characters');
    const buttons = (action?.buttons as { reply?: Body }[] | undefined) ?? [];
    if (buttons.length < 1 || buttons.length > 3) invalid('1 to 3 reply buttons are allowed');
    const titles = buttons.map((button) => button.reply?.title);
    const ids = buttons.map((button) => button.reply?.id);
    if (!titles.every((title) => isText(title, 20))) invalid('button titles: 1-20 characters');
    if (!ids.every((id) => isText(id, 256))) invalid('button ids: 1-256 characters');
    if (new Set(titles).size !== titles.length) invalid('button titles must be unique');
    if (new Set(ids).size !== ids.length) invalid('button ids must be unique');
    return;
  }
  if (interactive?.type === 'list') {
    if (!isText(text, 4096)) invalid('interactive.body.text must be 1 to 4096 characters');
    if (!isText(action?.button, 20)) invalid('action.button must be 1 to 20 characters');
    const sections = (action?.sections as { rows?: Body[] }[] | undefined) ?? [];
    const rows = sections.flatMap((section) => section.rows ?? []);
    if (rows.length < 1 || rows.length > 10) invalid('a list has 1 to 10 rows in all');
    if (!rows.every((row) => isText(row.title, 24))) invalid('row titles: 1-24 characters');
    if (!rows.every((row) => row.description === undefined || isText(row.description, 72))) {
      invalid('row descriptions: at most 72 characters');
    }
    const ids = rows.map((row) => row.id);
    if (!ids.every((id) => isText(id, 200))) invalid('row ids: 1-200 characters');
    if (new Set(ids).size !== ids.length) invalid('row ids must be unique');
    return;
  }
  invalid(`unsupported interactive type ${String(interactive?.type)}`);
}

function checkTemplate(template: Body | undefined, templates: Record<string, number>) {
  const language = (template?.language as Body | undefined)?.code;
  const key = `${String(template?.name)}/${String(language)}`;
  const expected = templates[key];
  if (expected === undefined) {
    return [{ code: 132001, details: `template name (${key}) does not exist` }];
  }
  const components = (template?.components as Body[] | undefined) ?? [];
  const body = components.find((component) => component.type === 'body');
  const parameters = (body?.parameters as { text?: unknown }[] | undefined) ?? [];
  if (parameters.length !== expected) {
    return [
      { code: 132000, details: `expected ${expected} body parameters, got ${parameters.length}` },
    ];
  }
  const bad = parameters.find(
    (parameter) =>
      typeof parameter.text !== 'string' ||
      parameter.text === '' ||
      /[\n\t]| {5,}/.test(parameter.text),
  );
  return bad ? [{ code: 132018, details: 'a parameter is empty or has new lines or tabs' }] : [];
}
