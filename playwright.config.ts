import fs from 'node:fs';
import { defineConfig } from '@playwright/test';

/**
 * End-to-end tests in Chromium against the built app (node build) on a fresh embedded database loaded with
 * the demo conference. Playwright's own browser download does not work everywhere, so the system Chromium
 * (/usr/bin/chromium, or CHROMIUM_PATH) is used when present.
 */
function chromiumPath(): string | undefined {
	const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'];
	return candidates.find((p) => p && fs.existsSync(p));
}

const executablePath = chromiumPath();
const PORT = Number(process.env.E2E_PORT || 4173);

export default defineConfig({
	testDir: 'tests/e2e',
	testMatch: '**/*.spec.ts',
	fullyParallel: false,
	workers: 1,
	retries: 0,
	timeout: 60_000,
	expect: { timeout: 10_000 },
	outputDir: 'test-results',
	reporter: process.env.CI ? [['list'], ['json', { outputFile: 'tests/.tmp/e2e.json' }]] : [['list'], ['json', { outputFile: 'tests/.tmp/e2e.json' }]],
	use: {
		baseURL: `http://127.0.0.1:${PORT}`,
		locale: 'vi-VN',
		timezoneId: 'Asia/Ho_Chi_Minh',
		trace: 'retain-on-failure',
		screenshot: 'only-on-failure',
		launchOptions: {
			executablePath,
			args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--no-first-run']
		}
	},
	webServer: {
		command: `node scripts/e2e-server.mjs ${PORT}`,
		url: `http://127.0.0.1:${PORT}/login`,
		timeout: 120_000,
		reuseExistingServer: false,
		stdout: 'ignore',
		stderr: 'pipe'
	}
});
