/**
 * Prompts live in versioned files beside this one (prompts/<name>-v<N>.md): a front matter
 * naming the version, then a "# system" and a "# user" part with {{placeholders}}. A changed
 * prompt is a new file, so every generated course records exactly which prompt wrote it.
 */
import { readFileSync } from 'node:fs';

export interface PromptTemplate {
  version: string;
  system: string;
  user: string;
}

export function loadPrompt(name: string): PromptTemplate {
  const text = readFileSync(new URL(`./prompts/${name}.md`, import.meta.url), 'utf8');
  const version = /^---\s*\nversion:\s*(\S+)\s*\n---/m.exec(text)?.[1];
  const system = /^# system\s*\n([\s\S]*?)^# user\s*$/m.exec(text)?.[1];
  const user = /^# user\s*\n([\s\S]*)$/m.exec(text)?.[1];
  if (!version || system === undefined || user === undefined) {
    throw new Error(`Prompt ${name} needs a version, a "# system" and a "# user" part`);
  }
  return { version, system: system.trim(), user: user.trim() };
}

/** Fills {{name}} placeholders; a placeholder without a value is a programmer error. */
export function fillPrompt(template: string, values: Readonly<Record<string, string>>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_whole, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Prompt placeholder {{${name}}} has no value`);
    return value;
  });
}
