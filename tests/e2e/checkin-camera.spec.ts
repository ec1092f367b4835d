/**
 * The camera path, in Chromium with a fake camera that films a printed QR (a Y4M video made here): the page
 * reads it with the browser's BarcodeDetector where there is one, else the ZXing WebAssembly served by this
 * server (nothing from a CDN), and answers within the second. The QR holds a forged link, so the expected
 * answer is the red one: what matters here is that the camera, the decoder and the answer are wired.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { expect, test } from './fixtures';
import { demoEventId, login } from './helpers';

const PAYLOAD = 'http://127.0.0.1/r/abcdefghijklmnopqrstuvwxyz234567';
const W = 640;
const H = 480;

/** A few frames of 4:2:0 video showing the QR code black on white, centred. */
function qrVideo(file: string): void {
	const qr = QRCode.create(PAYLOAD, { errorCorrectionLevel: 'M' });
	const n = qr.modules.size;
	const scale = Math.floor(360 / (n + 8));
	const size = (n + 8) * scale;
	const x0 = Math.floor((W - size) / 2);
	const y0 = Math.floor((H - size) / 2);
	const y = Buffer.alloc(W * H, 200); // grey background around a white card
	for (let r = 0; r < size; r++)
		for (let c = 0; c < size; c++) {
			const mr = Math.floor(r / scale) - 4;
			const mc = Math.floor(c / scale) - 4;
			const dark = mr >= 0 && mc >= 0 && mr < n && mc < n && qr.modules.get(mr, mc);
			y[(y0 + r) * W + x0 + c] = dark ? 16 : 235;
		}
	const chroma = Buffer.alloc((W / 2) * (H / 2), 128);
	const frame = Buffer.concat([Buffer.from('FRAME\n'), y, chroma, chroma]);
	fs.writeFileSync(file, Buffer.concat([Buffer.from(`YUV4MPEG2 W${W} H${H} F10:1 Ip A1:1 C420jpeg\n`), ...Array(10).fill(frame)]));
}

const video = path.join(os.tmpdir(), `hn-checkin-qr-${process.pid}.y4m`);
qrVideo(video);
const executablePath = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find((p) => p && fs.existsSync(p));

test.use({
	viewport: { width: 390, height: 844 },
	permissions: ['camera'],
	launchOptions: {
		executablePath,
		args: [
			'--no-sandbox',
			'--disable-gpu',
			'--disable-dev-shm-usage',
			'--use-fake-ui-for-media-stream',
			'--use-fake-device-for-media-stream',
			`--use-file-for-fake-video-capture=${video}`
		]
	}
});

test.afterAll(() => fs.rmSync(video, { force: true }));

test('the camera reads a QR with a decoder served by this server', async ({ page }) => {
	const foreign: string[] = [];
	page.on('request', (r) => {
		const host = new URL(r.url()).hostname;
		if (!['127.0.0.1', 'localhost'].includes(host) && !r.url().startsWith('data:') && !r.url().startsWith('blob:')) foreign.push(r.url());
	});
	const wasm: string[] = [];
	page.on('response', (r) => {
		if (r.url().endsWith('.wasm')) wasm.push(`${r.status()} ${new URL(r.url()).pathname}`);
	});
	await login(page, 'reception');
	const eventId = await demoEventId(page);
	await page.goto(`/events/${eventId}/checkin/scan`);
	await expect(page.getByText(/Danh sách trên máy/)).toBeVisible();
	await page.getByRole('button', { name: 'Quét bằng camera' }).click();
	await expect(page.getByText(/Đang đọc bằng (bộ đọc của trình duyệt|bộ đọc ZXing \(WebAssembly\))/)).toBeVisible({ timeout: 20_000 });
	const result = page.getByTestId('scan-result');
	await expect(result).toHaveAttribute('data-result', 'invalid_token', { timeout: 20_000 });
	await expect(result.getByTestId('scan-detail')).toContainText('giả, đã bị sửa');
	// Held in front of the camera, the same QR does not scan again and again.
	await page.waitForTimeout(1500);
	await expect(page.getByText('Vừa quét trên máy này')).toHaveCount(0);
	await page.getByRole('button', { name: 'Tắt camera' }).click();
	expect(foreign).toEqual([]);
	const native = await page.evaluate(() => 'BarcodeDetector' in globalThis);
	if (!native) expect(wasm.some((w) => /^200 \/_app\/immutable\/assets\/zxing_reader\.[\w-]+\.wasm$/.test(w)), wasm.join()).toBe(true);
});
