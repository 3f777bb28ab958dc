/**
 * The browser test harness: the local stack in this process, Debian's Chromium driven by Playwright
 * (`playwright-core`: Playwright's own browser download is not used), clerks created on cognito-local,
 * screenshots of each step under `test-results/browser/{suite}/`, and axe-core run in the page. Written
 * for the desk page and meant for every page the project serves (the portal's tests use it too).
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { composeSignIns } from "../../functions/compose";
import { type LocalStack, localConfig, startLocalStack } from "../../functions/local/stack";

/** Where Chromium is: `$GONGKAI_CHROMIUM`, else Debian's (`apt-get install chromium`; `.ci/run` does). */
export const CHROMIUM = process.env.GONGKAI_CHROMIUM ?? "/usr/bin/chromium";

/** Flags for a quiet, headless, throwaway Chromium (CI runs as root, hence no sandbox). */
const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-background-networking",
  "--disable-gpu",
  "--no-first-run",
  "--disable-component-update",
  "--disable-sync",
];

export const DESKTOP = { width: 1280, height: 800 } as const;
export const PHONE = { width: 390, height: 844 } as const;

export const RESULTS = join(import.meta.dirname, "..", "..", "test-results", "browser");

export interface Browser {
  /** A fresh context (its own storage: another person at another computer). */
  context(viewport?: { width: number; height: number }): Promise<BrowserContext>;
  /** Writes a full-page screenshot `NN-name.png` of the suite, numbered in the order taken. */
  screenshot(page: Page, name: string): Promise<string>;
  close(): Promise<void>;
}

/** Launches Chromium for a suite; each `context()` is a fresh profile. */
export async function launchBrowser(suite: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`no Chromium at ${CHROMIUM}: apt-get install chromium (or set GONGKAI_CHROMIUM)`);
  }
  const directory = join(RESULTS, suite);
  rmSync(directory, { recursive: true, force: true });
  mkdirSync(directory, { recursive: true });
  const profiles: string[] = [];
  const contexts: BrowserContext[] = [];
  let shots = 0;
  return {
    async context(viewport = DESKTOP) {
      const profile = await mkdtemp(join(tmpdir(), "gongkai-chromium-"));
      profiles.push(profile);
      const context = await chromium.launchPersistentContext(profile, {
        executablePath: CHROMIUM,
        headless: true,
        args: CHROMIUM_ARGS,
        viewport,
        locale: "zh-CN",
        acceptDownloads: true,
      });
      contexts.push(context);
      return context;
    },
    async screenshot(page, name) {
      const file = join(directory, `${String(++shots).padStart(2, "0")}-${name}.png`);
      await page.screenshot({ path: file, fullPage: true });
      return file;
    },
    async close() {
      for (const context of contexts) await context.close().catch(() => {});
      for (const profile of profiles) await rm(profile, { recursive: true, force: true });
    },
  };
}

export interface Stack {
  stack: LocalStack;
  /** The desk page's URL. */
  desk: string;
  stop(): Promise<void>;
}

/** The local stack, as `gongkai dev` runs it, in a home of its own. */
export async function startStack(): Promise<Stack> {
  const home = await mkdtemp(join(tmpdir(), "gongkai-browser-"));
  const stack = await startLocalStack({ home });
  return {
    stack,
    desk: `${stack.endpoints.feed}/desk/`,
    stop: async () => {
      await stack.stop();
      await rm(home, { recursive: true, force: true });
    },
  };
}

export interface Clerk {
  department: string;
  departmentName: string;
  email: string;
  temporaryPassword: string;
  /** The password set at the first sign-in. */
  password: string;
}

/** Registers a department and a clerk's sign-in, as `gongkai department add` does locally. */
export async function addClerk(
  stack: LocalStack,
  department: string,
  departmentName: string,
): Promise<Clerk> {
  const email = `clerk@${department}.example.gov.cn`;
  await stack.ports.departments.put({ id: department, name: departmentName, emails: [email] });
  const pool = composeSignIns(localConfig(stack.endpoints).aws, stack.endpoints.userPoolId, "print");
  try {
    const invitation = await pool.signIns.invite(email, department);
    if (invitation.status !== "created" || !invitation.temporaryPassword)
      throw new Error(`no sign-in created for ${email}`);
    return {
      department,
      departmentName,
      email,
      temporaryPassword: invitation.temporaryPassword,
      password: "Desk-Clerk-Password-1!",
    };
  } finally {
    pool.close();
  }
}

/**
 * Signs a clerk in on the desk page at `desk` as a person does — the temporary password first, then the
 * new one set — and chooses the report year (the desk opens on last year).
 */
export async function signInToDesk(
  target: Page,
  desk: string,
  who: Clerk,
  year: number,
  first = true,
): Promise<void> {
  await target.goto(desk);
  await target.getByLabel("邮箱").fill(who.email);
  await target.getByLabel("密码", { exact: true }).fill(first ? who.temporaryPassword : who.password);
  await target.getByRole("button", { name: "登录" }).click();
  if (first) {
    await target.getByRole("heading", { name: "设置新密码" }).waitFor();
    await target.getByLabel("新密码", { exact: true }).fill(who.password);
    await target.getByLabel("再输一遍新密码").fill(who.password);
    await target.getByRole("button", { name: "设置并登录" }).click();
  }
  await target.getByText(who.departmentName).waitFor();
  await target.getByRole("combobox", { name: "报告年度" }).selectOption(String(year));
}

/** A workbook as the file chooser hands it to the page. */
export const xlsxFile = (name: string, bytes: Uint8Array) => ({
  name,
  mimeType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  buffer: Buffer.from(bytes),
});

/**
 * What went wrong in a page while it was watched: uncaught errors and what its Content-Security-Policy
 * refused (a page that breaks its own policy works locally only by luck).
 */
export function watchPage(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`error: ${error.message}`));
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  return problems;
}

/** Runs axe-core in the page; the violations whose impact is serious or critical. */
export async function axeViolations(page: Page): Promise<{ id: string; impact: string; nodes: string[] }[]> {
  // Evaluated through the DevTools protocol: the page's Content-Security-Policy forbids inline scripts.
  const source = createRequire(import.meta.url)("axe-core").source as string;
  await page.evaluate(source);
  const results = await page.evaluate(async () => {
    const axe = (globalThis as unknown as { axe: { run(): Promise<AxeResults> } }).axe;
    return axe.run();
  });
  return results.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => ({
      id: violation.id,
      impact: violation.impact ?? "",
      nodes: violation.nodes.map((node) => node.target.join(" ")),
    }));
}

interface AxeResults {
  violations: { id: string; impact: string | null; nodes: { target: string[] }[] }[];
}
