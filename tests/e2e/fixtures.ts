/**
 * The tests' `page`: after `page.goto` to an HTML page, wait until the page's script has taken over (the root
 * layout marks <html data-hydrated>), as a person would before pressing a button that needs it. A click on a
 * script-driven button before that does nothing, and the test would wait for an answer that never comes.
 * A test that passes `waitUntil` itself (to act during loading on purpose) is left alone.
 */
import { test as base, expect, type Page } from '@playwright/test';

export { expect };
export type { Page };

export const test = base.extend({
	page: async ({ page }, use) => {
		const goto = page.goto.bind(page);
		page.goto = async (url, options) => {
			const res = await goto(url, options);
			if (!options?.waitUntil && res && (res.headers()['content-type'] ?? '').includes('text/html'))
				await page.waitForSelector('html[data-hydrated]', { state: 'attached', timeout: 15_000 });
			return res;
		};
		await use(page);
	}
});
