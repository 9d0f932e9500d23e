import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

/**
 * Drives the Microsoft 365 Agents Playground web UI (@microsoft/m365agentsplayground 0.2.x) with
 * Debian's Chromium through playwright-core. Nothing is downloaded: the browser is /usr/bin/chromium
 * and every request that is not for localhost/127.0.0.1/[::1] is aborted (the UI otherwise fetches
 * Segoe UI fonts and a worklet script from res-1.cdn.office.net; it works fine without them).
 *
 * Selectors: the Playground's markup has no data-testid, and its CSS classes are hashed. We rely on the
 * ARIA roles/labels it sets: `textbox` (composer), `treeitem` named after each chat ("Personal Chat",
 * the group chat's name) or channel ("<team> - <channel>"), `menuitem` in the @mention picker,
 * `[aria-label="Message header"]` / `[aria-label="Message author"]` on chat messages (the current
 * user's own messages have no author), `role=group` posts with `role=img` avatars labelled by author
 * in channels; and on the Adaptive Cards renderer's `.ac-adaptiveCard` class, whose buttons are
 * `role=button` with aria-label = the action title.
 */

/** Chromium flags: without the background-networking ones, Chromium's connections get refused here. */
export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Options for {@link launchPlayground}. */
export interface PlaygroundDriverOptions {
  /** The Playground UI, e.g. http://localhost:56150 */
  url: string;
  /** Chromium binary; default $CHROMIUM_PATH or /usr/bin/chromium. */
  executablePath?: string;
  /** Only count messages by this author as bot messages (default: anyone but the current user). */
  botName?: string;
  /** Let the page reach hosts other than localhost (default false: such requests are aborted). */
  allowExternalRequests?: boolean;
  /** How long to wait for the UI to come up (default 30 s). */
  readyTimeoutMs?: number;
  /** Browser viewport (default 1400x900). */
  viewport?: { width: number; height: number };
  /** Receives diagnostic lines (blocked requests, page errors). Default: silent. */
  log?: (line: string) => void;
}

/** Options for {@link PlaygroundDriver.waitForBotReply}. */
export interface WaitForBotReplyOptions {
  /** Resolve only once a reply (new or updated-in-place bot message) contains this text (whitespace-normalized). */
  containsText?: string;
  /** Default 15 s. */
  timeoutMs?: number;
}

/** Options for {@link PlaygroundDriver.sendMessage}. */
export interface SendMessageOptions {
  /** Display name to @mention first (picked from the composer's @ menu), e.g. the bot's name in a group chat or channel. */
  mention?: string;
}

/** A bot message as rendered in the open conversation. */
export interface BotMessage {
  author: string;
  /** Rendered text (for a card: its visible text, buttons included). */
  text: string;
}

/** A running browser pointed at the Playground. */
export interface PlaygroundDriver {
  /** The underlying Playwright page, for anything this module does not cover. */
  readonly page: Page;
  /** URLs the page tried to fetch from outside localhost (and that were aborted). */
  readonly blockedRequests: readonly string[];
  /** Types `text` into the open conversation's composer (a new post, in a channel) and sends it (line breaks are lost). */
  sendMessage(text: string, options?: SendMessageOptions): Promise<void>;
  /** Waits for a bot message sent or updated since the last action and returns the newest matching one's text. */
  waitForBotReply(options?: WaitForBotReplyOptions): Promise<string>;
  /** Clicks the button titled `title` on the newest Adaptive Card that has one. */
  clickCardButton(title: string): Promise<void>;
  /** Opens a chat or channel from the left pane ("Personal Chat", the group chat's name, a channel name). */
  openConversation(name: string): Promise<void>;
  /** Lists the bot messages of the open conversation, oldest first. */
  botMessages(): Promise<BotMessage[]>;
  /** Saves a full-page PNG screenshot to `file`. */
  screenshot(file: string): Promise<void>;
  /** Closes the browser and deletes its temporary profile. */
  close(): Promise<void>;
}

const LOCAL_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);
const TARGET_ATTRIBUTE = 'data-playground-driver-target';

/** Launches Debian Chromium headless on a fresh profile, opens the Playground UI and waits until it is usable. */
export async function launchPlayground(options: PlaygroundDriverOptions): Promise<PlaygroundDriver> {
  const log = options.log ?? (() => undefined);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'playground-chromium-'));
  let context: BrowserContext | undefined;
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: options.executablePath ?? process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      headless: true,
      args: [...CHROMIUM_ARGS],
      viewport: options.viewport ?? { width: 1400, height: 900 },
    });
    // tsx/esbuild compile with keepNames, which wraps named functions in `__name(...)`; functions passed to
    // page.evaluate() are serialized into the page, where that helper does not exist. Provide it.
    await context.addInitScript('globalThis.__name = globalThis.__name || ((fn) => fn);');
    const blockedRequests: string[] = [];
    if (!options.allowExternalRequests) {
      await context.route('**/*', (route) => {
        const url = route.request().url();
        let host = '';
        try {
          host = new URL(url).hostname;
        } catch {
          // not a URL with a host (data:, blob:): never leaves the machine
        }
        if (host === '' || LOCAL_HOSTS.has(host)) return route.continue();
        blockedRequests.push(url);
        log(`blocked external request: ${url}`);
        return route.abort('blockedbyclient');
      });
    }
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => log(`page error: ${error.message}`));
    const readyTimeoutMs = options.readyTimeoutMs ?? 30_000;
    // Loading the page makes the Playground wait (up to 15 s) for the bot endpoint, then POST
    // /_debug/conversation/<id>/installation, which sends installationUpdate + conversationUpdate to the bot.
    const installed = waitForInstallation(page, readyTimeoutMs);
    await page.goto(options.url, { waitUntil: 'domcontentloaded', timeout: readyTimeoutMs });
    await page.getByRole('textbox').first().waitFor({ state: 'visible', timeout: readyTimeoutMs });
    await installed;
    const driver = new Driver(context, page, userDataDir, blockedRequests, options.botName);
    // Let any welcome message land before the first action so it is not mistaken for a reply.
    await driver.settle();
    return driver;
  } catch (error) {
    await context?.close().catch(() => undefined);
    fs.rmSync(userDataDir, { recursive: true, force: true });
    throw error;
  }
}

/** Collapses runs of whitespace so expectations need not match the renderer's line breaks. */
export function normalizeText(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

class Driver implements PlaygroundDriver {
  /** Bot message texts at the last action, with multiplicity (channels list newest posts first, so no indexes). */
  private baseline = new Map<string, number>();

  constructor(
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly userDataDir: string,
    readonly blockedRequests: string[],
    private readonly botName: string | undefined,
  ) {}

  async sendMessage(text: string, options: SendMessageOptions = {}): Promise<void> {
    await this.markBaseline();
    const box = this.page.getByRole('textbox').first();
    await box.click();
    if (options.mention) {
      await this.page.keyboard.type('@');
      const pattern = new RegExp(`^\\s*${escapeRegExp(options.mention)}\\s*$`);
      await this.page.getByRole('menuitem').filter({ hasText: pattern }).first().click({ timeout: 5_000 });
      await this.page.keyboard.type(' ');
    }
    // Enter sends, so line breaks are typed as Shift+Enter; note that the Playground (0.2.28) then drops them:
    // the bot receives "line oneline two" for "line one\nline two".
    const lines = text.split('\n');
    for (let i = 0; i < lines.length; i++) {
      if (i > 0) await this.page.keyboard.press('Shift+Enter');
      await this.page.keyboard.type(lines[i]);
    }
    await this.page.keyboard.press('Enter');
    // The composer empties once the message has been handed to the Playground.
    await this.page.waitForFunction(
      () => (document.querySelector('[role="textbox"]') as HTMLElement | null)?.innerText.trim() === '',
      undefined,
      { timeout: 5_000 },
    );
  }

  async waitForBotReply(options: WaitForBotReplyOptions = {}): Promise<string> {
    const timeoutMs = options.timeoutMs ?? 15_000;
    const wanted = options.containsText === undefined ? undefined : normalizeText(options.containsText);
    const deadline = Date.now() + timeoutMs;
    let replies: string[] = [];
    for (;;) {
      replies = this.repliesSinceBaseline(await this.botMessages());
      for (let i = replies.length - 1; i >= 0; i--) {
        if (wanted === undefined || replies[i].includes(wanted)) return replies[i];
      }
      if (Date.now() >= deadline) break;
      await this.page.waitForTimeout(200);
    }
    const seen = replies.length ? replies.map((r) => JSON.stringify(r)).join(', ') : 'none';
    throw new Error(
      `no bot reply${wanted === undefined ? '' : ` containing ${JSON.stringify(wanted)}`} within ${timeoutMs} ms (replies seen: ${seen})`,
    );
  }

  async clickCardButton(title: string): Promise<void> {
    const deadline = Date.now() + 10_000;
    const nonce = `t${Date.now()}${Math.random().toString(36).slice(2)}`;
    const request: ScanRequest = { mode: 'mark', title, nonce, botName: this.botName };
    while (!(await this.page.evaluate(scanPage, request))) {
      if (Date.now() >= deadline) throw new Error(`no Adaptive Card button titled ${JSON.stringify(title)} is shown`);
      await this.page.waitForTimeout(200);
    }
    await this.markBaseline();
    await this.page.locator(`[${TARGET_ATTRIBUTE}="${nonce}"]`).click({ timeout: 5_000 });
  }

  async openConversation(name: string): Promise<void> {
    // Chats are labelled by their name; channels by "<team> - <channel>", so accept either form.
    const exact = this.page.getByRole('treeitem', { name, exact: true });
    const item = (await exact.count()) > 0 ? exact : this.page.getByRole('treeitem', { name: new RegExp(`(^| - )${escapeRegExp(name)}$`) });
    // The first visit of a conversation in a page triggers the installation activities (not later visits).
    const installed = waitForInstallation(this.page, 3_000);
    await item.first().click({ timeout: 10_000 });
    await this.page.getByRole('textbox').first().waitFor({ state: 'visible' });
    await installed;
    await this.settle();
  }

  async botMessages(): Promise<BotMessage[]> {
    const request: ScanRequest = { mode: 'list', botName: this.botName };
    return (await this.page.evaluate(scanPage, request)) as BotMessage[];
  }

  async screenshot(file: string): Promise<void> {
    fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    await this.page.screenshot({ path: file, fullPage: true });
  }

  async close(): Promise<void> {
    try {
      await this.context.close();
    } finally {
      fs.rmSync(this.userDataDir, { recursive: true, force: true });
    }
  }

  /** Waits (at most 5 s) until the bot messages stop changing for 1 s, then takes them as the baseline. */
  async settle(): Promise<void> {
    const deadline = Date.now() + 5_000;
    let last = JSON.stringify(await this.botMessages());
    let stableSince = Date.now();
    while (Date.now() < deadline && Date.now() - stableSince < 1_000) {
      await this.page.waitForTimeout(200);
      const now = JSON.stringify(await this.botMessages());
      if (now !== last) {
        last = now;
        stableSince = Date.now();
      }
    }
    await this.markBaseline();
  }

  private async markBaseline(): Promise<void> {
    this.baseline = new Map();
    for (const message of await this.botMessages()) {
      const text = normalizeText(message.text);
      this.baseline.set(text, (this.baseline.get(text) ?? 0) + 1);
    }
  }

  /** Bot messages (oldest first) whose text was not there at the last action: new ones and cards updated in place. */
  private repliesSinceBaseline(messages: BotMessage[]): string[] {
    const remaining = new Map(this.baseline);
    const replies: string[] = [];
    for (const message of messages) {
      const text = normalizeText(message.text);
      const left = remaining.get(text) ?? 0;
      if (left > 0) remaining.set(text, left - 1);
      else replies.push(text);
    }
    return replies;
  }
}

type ScanRequest = { mode: 'list'; botName?: string } | { mode: 'mark'; title: string; nonce: string; botName?: string };

/**
 * Runs inside the page (serialized by page.evaluate: self-contained, no imports). Lists bot messages oldest
 * first in both layouts: chats (DOM order) and channels (the DOM lists posts newest first, each followed by
 * its replies oldest first; posts are reversed here). In 'mark' mode, tags the button titled `title` on the
 * newest bot Adaptive Card that has one (attribute data-playground-driver-target) and returns whether it did.
 */
function scanPage(request: ScanRequest): Array<{ author: string; text: string }> | boolean {
  const units: Array<{ author: string; isBot: boolean; parts: Element[] }> = [];
  const headers = Array.from(document.querySelectorAll('[aria-label="Message header"]'));
  if (headers.length > 0) {
    // Chat layout: each message is the parent of its header; the current user's messages have no author.
    for (const header of headers) {
      const container = header.parentElement;
      const authorEl = header.querySelector('[aria-label="Message author"]');
      if (!container) continue;
      const author = authorEl ? (authorEl as HTMLElement).innerText.trim() : '';
      const parts = Array.from(container.children).filter((child) => child !== header && !child.contains(header));
      units.push({ author, isBot: author !== '' && (!request.botName || author === request.botName), parts });
    }
  } else {
    // Channel layout: role=group cards; the first one (no menu button) is the "new post" composer, whose
    // avatar is the current user. Every message row is an avatar + name + time + "Show more information".
    const groups = Array.from(document.querySelectorAll('[role="group"]')).filter((g) => !g.closest('[role="tree"]'));
    const menu = '[aria-label="Show more information"]';
    const composer = groups.find((g) => !g.querySelector(menu));
    const me = composer?.querySelector('[role="img"][aria-label]')?.getAttribute('aria-label') ?? '';
    const posts = groups.filter((g) => g.querySelector(menu)).reverse();
    for (const post of posts) {
      for (const avatar of Array.from(post.querySelectorAll('[role="img"][aria-label]'))) {
        const row = avatar.parentElement;
        if (!row || !row.querySelector(menu)) continue; // the reply composer's avatar
        let el: Element = row;
        while (!el.nextElementSibling && el.parentElement && el.parentElement !== post) el = el.parentElement;
        const content = el.nextElementSibling;
        const author = avatar.getAttribute('aria-label') ?? '';
        const isBot = request.botName ? author === request.botName : author !== me;
        units.push({ author, isBot, parts: content ? [content] : [] });
      }
    }
  }
  const bots = units.filter((u) => u.isBot);
  if (request.mode === 'list') {
    return bots.map((u) => ({ author: u.author, text: u.parts.map((p) => (p as HTMLElement).innerText).join('\n').trim() }));
  }
  for (const el of Array.from(document.querySelectorAll('[data-playground-driver-target]'))) el.removeAttribute('data-playground-driver-target');
  for (let i = bots.length - 1; i >= 0; i--) {
    for (const part of bots[i].parts) {
      const buttons = Array.from(part.querySelectorAll('.ac-adaptiveCard [role="button"], .ac-adaptiveCard button'));
      const match = buttons.find(
        (b) => (b.getAttribute('aria-label') ?? b.getAttribute('title') ?? (b as HTMLElement).innerText).trim() === request.title,
      );
      if (match) {
        match.setAttribute('data-playground-driver-target', request.nonce);
        return true;
      }
    }
  }
  return false;
}

/** Resolves when the page's POST /_debug/conversation/<id>/installation completes, or after `timeoutMs` regardless. */
function waitForInstallation(page: Page, timeoutMs: number): Promise<void> {
  return page
    .waitForResponse((response) => /\/_debug\/conversation\/[^/]+\/installation$/.test(new URL(response.url()).pathname), { timeout: timeoutMs })
    .then(
      () => undefined,
      () => undefined,
    );
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
