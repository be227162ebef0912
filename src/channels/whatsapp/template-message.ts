/**
 * A registered template as a Cloud API `template` message: the body parameters filled in
 * order, and every quick-reply button given Inflow's resume payload, so a tap comes back as
 * a request for the held lesson.
 */
import { RESUME_PAYLOAD } from './whatsapp-inbound.ts';
import type { GraphMessage, TemplateComponent } from './whatsapp-message-builder.ts';
import type { MessageTemplate, TemplateParameter } from './template-registry.ts';

export interface TemplateValues {
  learnerFullName: string;
  organizationName: string;
  /** The message the template stands in for. */
  heldText: string;
}

/** Parameters longer than this are cut: they are a greeting and a title, not content. */
const PARAMETER_MAX = 60;

export function buildTemplateMessage(
  to: string,
  template: MessageTemplate,
  values: TemplateValues,
): GraphMessage {
  const components: TemplateComponent[] = [];
  if (template.bodyParameters.length > 0) {
    components.push({
      type: 'body',
      parameters: template.bodyParameters.map((parameter) => ({
        type: 'text',
        text: parameterText(parameter, values),
      })),
    });
  }
  for (let index = 0; index < template.quickReplyButtons; index += 1) {
    components.push({
      type: 'button',
      sub_type: 'quick_reply',
      index: String(index),
      parameters: [{ type: 'payload', payload: RESUME_PAYLOAD }],
    });
  }

  return {
    messaging_product: 'whatsapp',
    recipient_type: 'individual',
    to,
    type: 'template',
    template: { name: template.name, language: { code: template.language }, components },
  };
}

function parameterText(parameter: TemplateParameter, values: TemplateValues): string {
  switch (parameter.source) {
    case 'learner_first_name':
      return cleanParameter(values.learnerFullName.trim().split(/\s+/)[0] ?? '');
    case 'learner_full_name':
      return cleanParameter(values.learnerFullName);
    case 'organization_name':
      return cleanParameter(values.organizationName);
    case 'message_preview':
      return cleanParameter(values.heldText.trim().split('\n')[0] ?? '');
    case 'text':
      return cleanParameter(parameter.text);
  }
}

/**
 * Meta refuses parameters that are empty or hold new lines, tabs or more than four spaces
 * in a row (error 132018), so values are flattened and never left empty.
 */
export function cleanParameter(value: string): string {
  const flat = value
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
  const characters = [...flat];
  const short =
    characters.length > PARAMETER_MAX
      ? `${characters.slice(0, PARAMETER_MAX - 1).join('')}…`
      : flat;
  return short === '' ? '-' : short;
}
