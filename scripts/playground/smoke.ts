import { parseArgs } from 'node:util';
import { launchPlayground, type PlaygroundDriver } from './driver';

/**
 * Smoke test through the Microsoft 365 Agents Playground UI (which must already be running, pointed at the bot):
 *
 *   npx tsx scripts/playground/smoke.ts --url http://localhost:56150 --message "hello" --expect "hello"
 *     [--click "Approve" --expect-after "approved"] [--screenshot out.png]
 *     [--chat "Job Hunt Buddies" --mention "Job Tracker"] [--timeout 15000] [--verbose]
 *
 * Exit codes: 0 pass, 1 expectation not met (or the UI could not be driven), 2 bad usage.
 * The last line printed is always a single PASS/FAIL line.
 */

const USAGE =
  'usage: smoke.ts --url <playground url> --message <text> --expect <text> [--click <button> --expect-after <text>] ' +
  '[--screenshot <file.png>] [--chat <chat or channel name>] [--mention <name>] [--timeout <ms>] [--verbose]';

interface SmokeArgs {
  url: string;
  message: string;
  expect: string;
  click?: string;
  expectAfter?: string;
  screenshot?: string;
  chat?: string;
  mention?: string;
  timeoutMs: number;
  verbose: boolean;
}

function parse(argv: string[]): SmokeArgs {
  const { values } = parseArgs({
    args: argv,
    options: {
      url: { type: 'string', default: 'http://localhost:56150' },
      message: { type: 'string' },
      expect: { type: 'string' },
      click: { type: 'string' },
      'expect-after': { type: 'string' },
      screenshot: { type: 'string' },
      chat: { type: 'string' },
      mention: { type: 'string' },
      timeout: { type: 'string', default: '15000' },
      verbose: { type: 'boolean', default: false },
    },
    strict: true,
    allowPositionals: false,
  });
  const timeoutMs = Number(values.timeout);
  if (!values.message || values.expect === undefined) throw new UsageError('--message and --expect are required');
  if (values['expect-after'] !== undefined && !values.click) throw new UsageError('--expect-after needs --click');
  if (!Number.isFinite(timeoutMs) || timeoutMs <= 0) throw new UsageError('--timeout must be a positive number of ms');
  return {
    url: values.url ?? 'http://localhost:56150',
    message: values.message,
    expect: values.expect,
    click: values.click,
    expectAfter: values['expect-after'],
    screenshot: values.screenshot,
    chat: values.chat,
    mention: values.mention,
    timeoutMs,
    verbose: values.verbose ?? false,
  };
}

class UsageError extends Error {}

async function run(args: SmokeArgs): Promise<string> {
  const log = args.verbose ? (line: string) => console.log(`  [driver] ${line}`) : undefined;
  let step = `open ${args.url}`;
  let driver: PlaygroundDriver | undefined;
  try {
    driver = await launchPlayground({ url: args.url, log });
    if (args.chat) {
      step = `open conversation ${JSON.stringify(args.chat)}`;
      await driver.openConversation(args.chat);
    }
    step = `send ${JSON.stringify(args.message)}`;
    await driver.sendMessage(args.message, { mention: args.mention });
    step = `wait for a reply containing ${JSON.stringify(args.expect)}`;
    const reply = await driver.waitForBotReply({ containsText: args.expect, timeoutMs: args.timeoutMs });
    console.log(`ok   reply: ${JSON.stringify(reply)}`);
    let summary = `reply contained ${JSON.stringify(args.expect)}`;
    if (args.click) {
      const before = (await driver.botMessages()).length;
      step = `click card button ${JSON.stringify(args.click)}`;
      await driver.clickCardButton(args.click);
      if (args.expectAfter !== undefined) {
        step = `wait for a reply containing ${JSON.stringify(args.expectAfter)} after the click`;
        const after = await driver.waitForBotReply({ containsText: args.expectAfter, timeoutMs: args.timeoutMs });
        const count = (await driver.botMessages()).length;
        const how = count === before ? 'card updated in place' : `${count - before} new bot message(s)`;
        console.log(`ok   after click (${how}): ${JSON.stringify(after)}`);
        summary += `; after clicking ${JSON.stringify(args.click)}: ${JSON.stringify(args.expectAfter)} (${how})`;
      } else {
        summary += `; clicked ${JSON.stringify(args.click)}`;
      }
    }
    return summary;
  } catch (error) {
    throw new Error(`${step}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
  } finally {
    if (driver && args.screenshot) {
      await driver.screenshot(args.screenshot).then(
        () => console.log(`     screenshot: ${args.screenshot}`),
        (error: unknown) => console.log(`     screenshot failed: ${error instanceof Error ? error.message : String(error)}`),
      );
    }
    if (driver && args.verbose && driver.blockedRequests.length) console.log(`     blocked ${driver.blockedRequests.length} external request(s)`);
    await driver?.close().catch(() => undefined);
  }
}

async function main(): Promise<number> {
  let args: SmokeArgs;
  try {
    args = parse(process.argv.slice(2));
  } catch (error) {
    console.error(USAGE);
    console.error(`FAIL usage: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
  try {
    console.log(`PASS ${await run(args)}`);
    return 0;
  } catch (error) {
    console.error(`FAIL ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  }
}

main().then((code) => process.exit(code));
