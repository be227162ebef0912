/** The fake provider in a process of its own, so its work is not counted in ours. */
import { FakeMessageProvider } from '../test/support/fake-message-provider.ts';

const provider = await new FakeMessageProvider().start();
process.stdout.write(`${JSON.stringify({ url: provider.url })}\n`);
process.on('message', (message) => {
  if (message === 'report') {
    process.send?.({
      requests: provider.requests.length,
      visible: provider.visibleMessages().length,
      peakRssMb: process.resourceUsage().maxRSS / 1024,
    });
  }
});
