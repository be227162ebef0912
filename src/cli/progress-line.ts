/**
 * Progress for long commands: one line rewritten in place in a terminal, and at most one
 * line every few seconds elsewhere (CI logs), so output stays readable in both.
 */
export function createProgressLine(stream: NodeJS.WriteStream) {
  const interactive = Boolean(stream.isTTY);
  let lastPrinted = 0;
  let open = false;

  const write = (text: string) => {
    if (interactive) {
      stream.write(`\r\x1b[2K${text}`);
      open = true;
    } else {
      stream.write(`${text}\n`);
    }
  };

  return {
    stage(text: string) {
      if (open) stream.write('\n');
      open = false;
      write(`• ${text}`);
      if (!interactive) lastPrinted = Date.now();
      else {
        stream.write('\n');
        open = false;
      }
    },
    update(text: string) {
      if (!interactive && Date.now() - lastPrinted < 3_000) return;
      lastPrinted = Date.now();
      write(`  ${text}`);
    },
    done() {
      if (open) stream.write('\n');
      open = false;
    },
  };
}
