import { AxeBuilder } from "@axe-core/playwright";
import { chromium, type Browser, type Page } from "playwright-core";

/** Headless Chromium for browser tests (Debian's: Playwright cannot download its own here), with no background traffic to the closed network. */
export function launchChromium(executablePath = "/usr/bin/chromium"): Promise<Browser> {
  return chromium.launch({
    executablePath,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      // The password manager's checks after a sign-in reach for the network and stall input.
      "--password-store=basic",
      "--disable-features=PasswordLeakDetection,PasswordManagerOnboarding,AutofillServerCommunication",
    ],
  });
}

/** Every WCAG 2.2 A and AA rule axe checks, as "rule: target" lines (empty when the page passes). */
export async function accessibilityViolations(page: Page): Promise<string[]> {
  const results = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"])
    .analyze();
  return results.violations.flatMap((violation) =>
    violation.nodes.map((node) => `${violation.id}: ${violation.help} (${node.target.join(" ")})`),
  );
}

/** A page in a fresh browser context (its own cookies and storage), as axe needs. */
export async function openPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext();
  return context.newPage();
}

/**
 * How far the page itself scrolls sideways, in pixels: 0 when it reflows (WCAG 1.4.10 allows
 * sideways scrolling only inside a data table's own box), with the first elements reaching out.
 */
export function sidewaysScroll(page: Page): Promise<{ pixels: number; reaching: string[] }> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    return {
      pixels: document.documentElement.scrollWidth - width,
      reaching: [...document.querySelectorAll("body *")]
        .filter((element) => element.getBoundingClientRect().right > width + 1)
        .filter((element) => !element.closest(".bernard-table-container"))
        .map((element) => `${element.tagName.toLowerCase()}.${element.className}`)
        .slice(0, 3),
    };
  });
}
