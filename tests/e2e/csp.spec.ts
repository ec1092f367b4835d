import { expect, test, type Page } from './fixtures';
import { demoEventId, login } from './helpers';

/**
 * The Content-Security-Policy (svelte.config.js) refuses inline scripts and inline style attributes. In Chromium,
 * every page of the demo conference renders and hydrates with no CSP violation, the bars keep their widths
 * (classes, not style attributes) and SvelteKit's route announcer stays visually hidden after a client-side
 * navigation.
 */

function watchViolations(page: Page): string[] {
	const seen: string[] = [];
	page.on('console', (m) => {
		if (/Content Security Policy|Refused to (apply|execute|load)/i.test(m.text())) seen.push(`${page.url()}: ${m.text()}`);
	});
	page.on('pageerror', (e) => seen.push(`${page.url()}: ${e.message}`));
	return seen;
}

test('every page of the demo conference renders under the CSP without a violation', async ({ page }) => {
	const violations = watchViolations(page);
	await login(page, 'admin');
	const id = await demoEventId(page);
	const paths = [
		'/events',
		`/events/${id}`,
		`/events/${id}/delegates`,
		`/events/${id}/delegates/seating`,
		`/events/${id}/delegates/import`,
		`/events/${id}/invitations`,
		`/events/${id}/mail`,
		`/events/${id}/checkin`,
		`/events/${id}/submissions`,
		`/events/${id}/programme`,
		`/events/${id}/awards`,
		`/events/${id}/certificates`,
		`/events/${id}/stage`,
		`/events/${id}/budget`,
		`/events/${id}/audit`,
		'/admin',
		'/account'
	];
	for (const p of paths) {
		const res = await page.goto(p);
		expect(res?.status(), p).toBe(200);
		const csp = res!.headers()['content-security-policy'];
		expect(csp, p).toContain("frame-ancestors 'none'");
		expect(csp, p).not.toContain("'unsafe-inline'");
		await page.waitForLoadState('networkidle');
	}
	// The overview's bars have their widths from classes.
	await page.goto(`/events/${id}`);
	// The overview's cards fill in after hydration (each reads its capability's summary).
	await expect(page.locator('[class*="w-pct-"]').first()).toBeAttached();
	const widths = await page.locator('[class*="w-pct-"]').evaluateAll((els) => els.map((e) => (e as HTMLElement).getBoundingClientRect().width));
	expect(widths.length).toBeGreaterThan(0);
	expect(widths.some((w) => w > 0)).toBe(true);
	// The seating rows keep their columns.
	await page.goto(`/events/${id}/delegates/seating`);
	const columns = await page.getByTestId('seat-row').first().evaluate((e) => getComputedStyle(e).gridTemplateColumns.split(' ').length);
	expect(columns).toBeGreaterThan(1);
	// A client-side navigation: the announcer says the new title but is not seen.
	await page.goto(`/events/${id}`);
	await page.getByRole('link', { name: 'Đại biểu', exact: true }).first().click();
	await expect(page).toHaveURL(/\/delegates$/);
	const box = await page.locator('#svelte-announcer').boundingBox();
	expect(box!.width).toBeLessThanOrEqual(1);
	expect(box!.height).toBeLessThanOrEqual(1);
	expect(violations).toEqual([]);
});

test('the public pages render under the CSP without a violation', async ({ page }) => {
	const violations = watchViolations(page);
	for (const p of ['/login', '/r/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa', '/v/AAAA-AAAA-AA']) {
		const res = await page.goto(p);
		expect(res!.headers()['content-security-policy'], p).toContain("frame-ancestors 'none'");
		await page.waitForLoadState('networkidle');
	}
	expect(violations).toEqual([]);
});
