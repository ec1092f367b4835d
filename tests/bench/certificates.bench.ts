/**
 * 150 bằng khen in one PDF: the app's engine (pdf-lib + pre-subset Tinos, renderCertificates) against the
 * same design written as HTML/CSS and printed by headless Chromium (playwright-core, page.pdf()), which is
 * what many tools do. Same run, same machine, same 150 recipients (collectives, people, households, some
 * with 600 characters of thành tích), A3 landscape, full design with border, emblem, QR.
 *
 * Figures: wall time (median of the runs), PDF size, and the ratios HTML / pdf-lib. Chromium's launch is
 * reported apart (a server would keep one browser open). The HTML version sets each field at its maximum
 * size and lets CSS wrap and clip it; the engine shrinks long text to fit its box (more work, better print).
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import QRCode from 'qrcode';
import { chromium } from 'playwright-core';
import { defaultCertificateLayout, renderCertificates, type CertificateData, type CertificateLayout } from '$lib/server/pdf/certificate';
import { loadFontBytes } from '$lib/server/pdf/fonts';
import { formatDateLine, formatDateLong } from '$lib/format';

/** BENCH_QUICK=1: a smaller run (smoke test of the benchmarks). */
const QUICK = process.env.BENCH_QUICK === '1';
const N = QUICK ? 30 : 150;
const RUNS = QUICK ? 1 : 3;

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ'];
const GIVEN = ['Thị Ánh Tuyết', 'Văn Hùng', 'Ngọc Yến', 'Đức Nam', 'Thị Kim Ý', 'Minh Tuấn', 'Quốc Việt', 'Thị Phượng'];
const ACH = 'Đã có thành tích xuất sắc trong thực hiện Phong trào thi đua “Vì người nghèo – Không để ai bị bỏ lại phía sau” giai đoạn 2021 - 2025';
const LONG = `${ACH}, huy động nguồn lực xã hội hóa hỗ trợ xây dựng nhà đại đoàn kết, tạo sinh kế bền vững cho hộ nghèo, hộ cận nghèo, góp phần giảm tỷ lệ hộ nghèo đa chiều của địa phương vượt chỉ tiêu Nghị quyết Hội đồng nhân dân tỉnh đề ra, được Nhân dân ghi nhận và đánh giá cao`;

function items(): CertificateData[] {
	return Array.from({ length: N }, (_, i) => {
		const kind = i < 40 ? 'collective' : i < 140 ? 'individual' : 'household';
		const name = `${FAMILY[i % FAMILY.length]} ${GIVEN[i % GIVEN.length]}`;
		return {
			authorityLine: 'CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH KHÁNH HÒA',
			formTitle: 'BẰNG KHEN',
			recipientKind: kind,
			recipientLine: kind === 'collective' ? `Ủy ban nhân dân xã Phước Hà số ${i + 1}` : kind === 'household' ? `Hộ ông ${name}` : `${i % 2 ? 'Bà' : 'Ông'} ${name}`,
			recipientDetail: kind === 'collective' ? 'tỉnh Khánh Hòa' : kind === 'household' ? 'Thôn Suối Cát, xã Cam Lâm' : 'Phó Chủ tịch Ủy ban nhân dân xã Diên Khánh',
			achievement: i % 10 === 0 ? LONG : ACH,
			decisionNumber: '3125/QĐ-UBND',
			decisionDate: formatDateLong('2026-12-08'),
			registerNumber: String(i + 1).padStart(3, '0'),
			registerLabel: 'Số vào sổ',
			placeName: 'Khánh Hòa',
			issueDate: new Date('2026-12-08T05:00:00Z'),
			signerPrefix: 'KT. CHỦ TỊCH',
			signerTitle: 'PHÓ CHỦ TỊCH',
			signerName: 'Trần Minh Đức',
			verification: { code: `K7QM-2XPA-${String(i).padStart(2, '0').slice(-2)}`, url: `https://hoinghi.khanhhoa.gov.vn/v/K7QM-2XPA-${i}` }
		};
	});
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** The same design as HTML/CSS: frames, diamond band, corner squares, emblem, fields at the same mm boxes. */
async function html(list: CertificateData[], layout: CertificateLayout): Promise<string> {
	const fonts = loadFontBytes();
	const face = (name: string, bytes: Uint8Array, weight: number, style: string) =>
		`@font-face{font-family:Tinos;src:url(data:font/ttf;base64,${Buffer.from(bytes).toString('base64')}) format('truetype');font-weight:${weight};font-style:${style}}`;
	const box = (f: keyof CertificateLayout['fields']) => {
		const b = layout.fields[f];
		return `left:${b.x}mm;top:${b.y}mm;width:${b.width}mm;height:${b.height}mm;font-size:${b.maxSize}pt;text-align:${b.align}`;
	};
	const pages: string[] = [];
	for (const c of list) {
		const qr = await QRCode.toString(c.verification!.url, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
		pages.push(`<section class="page">
<div class="f1"></div><div class="band"></div><div class="f2"></div>
<div class="corner tl"></div><div class="corner tr"></div><div class="corner bl"></div><div class="corner br"></div>
<svg class="emblem" viewBox="-15 -15 30 30"><circle r="15" fill="#cc1212" stroke="#cc9e26" stroke-width="2.2"/><circle r="12.2" fill="none" stroke="#cc9e26" stroke-width=".7"/><polygon fill="#cc9e26" points="0,-8.5 2,-2.6 8.1,-2.6 3.2,1 5,6.9 0,3.3 -5,6.9 -3.2,1 -8.1,-2.6 -2,-2.6"/></svg>
<div class="qh">CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</div><div class="tn"><u>Độc lập - Tự do - Hạnh phúc</u></div>
<div class="fld red b" style="${box('authority')}">${esc(c.authorityLine)}</div>
<div class="tang">TẶNG</div>
<div class="fld red b" style="${box('title')}">${esc(c.formTitle)}</div>
<div class="fld b ${c.recipientKind === 'collective' ? '' : 'i'}" style="${box('recipient')}">${esc(c.recipientLine)}</div>
<div class="fld" style="${box('detail')}">${esc(c.recipientDetail)}</div>
<div class="fld wrap" style="${box('achievement')}">${esc(c.achievement)}</div>
<div class="fld i" style="${box('decision')}">Quyết định số ${esc(c.decisionNumber)} ${esc(String(c.decisionDate))}</div>
<div class="fld i" style="${box('register')}">${esc(c.registerLabel ?? '')}: ${esc(c.registerNumber)}</div>
<div class="fld i" style="${box('dateLine')}">${esc(formatDateLine(c.placeName, c.issueDate!))}</div>
<div class="fld b" style="${box('signer')}">${esc(c.signerPrefix)}<br>${esc(c.signerTitle)}<div class="sname">${esc(c.signerName)}</div></div>
<div class="qr" style="left:${layout.fields.verification.x}mm;top:${layout.fields.verification.y}mm">${qr}<div>${esc(c.verification!.code)}</div></div>
</section>`);
	}
	return `<!doctype html><html lang="vi"><head><meta charset="utf-8"><style>
${face('r', fonts.regular, 400, 'normal')}${face('b', fonts.bold, 700, 'normal')}${face('i', fonts.italic, 400, 'italic')}${face('bi', fonts.boldItalic, 700, 'italic')}
@page{size:420mm 297mm;margin:0}
*{box-sizing:border-box;margin:0}
body{font-family:Tinos,serif;color:#000}
.page{position:relative;width:420mm;height:297mm;overflow:hidden;page-break-after:always}
.f1{position:absolute;inset:10mm;border:2.4pt solid #cc1212}
.f2{position:absolute;inset:20.5mm;border:1.4pt solid #cc1212}
.band{position:absolute;inset:12mm;border:7mm solid transparent;border-image:repeating-linear-gradient(45deg,#cc9e26 0 2mm,#fff 2mm 3.5mm,#cc1212 3.5mm 4.5mm,#fff 4.5mm 7mm) 30;outline:.8pt solid #cc9e26;outline-offset:-7mm}
.corner{position:absolute;width:16mm;height:16mm;background:#cc1212;border:1.2pt solid #cc9e26}
.corner::after{content:'';position:absolute;left:3mm;top:3mm;width:10mm;height:10mm;background:#cc9e26;transform:rotate(45deg)}
.tl{left:7.5mm;top:7.5mm}.tr{right:7.5mm;top:7.5mm}.bl{left:7.5mm;bottom:7.5mm}.br{right:7.5mm;bottom:7.5mm}
.emblem{position:absolute;left:195mm;top:24mm;width:30mm;height:30mm}
.qh{position:absolute;top:58mm;width:100%;text-align:center;font-weight:700;font-size:17pt}
.tn{position:absolute;top:65mm;width:100%;text-align:center;font-weight:700;font-size:18pt}
.tang{position:absolute;top:93mm;width:100%;text-align:center;font-weight:700;font-size:19pt}
.fld{position:absolute;overflow:hidden;line-height:1.15;display:flex;flex-direction:column;justify-content:center}
.wrap{line-height:1.3}
.red{color:#cc1212}.b{font-weight:700}.i{font-style:italic}
.sname{margin-top:auto}
.qr{position:absolute;width:24mm;text-align:center;font-size:8pt;color:#737373}.qr svg{width:22mm;height:22mm}
</style></head><body>${pages.join('\n')}</body></html>`;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

export default async function () {
	const list = items();
	const layout = defaultCertificateLayout('A3', 'full');

	const libTimes: number[] = [];
	let libBytes: Uint8Array = new Uint8Array();
	for (let r = 0; r < RUNS; r++) {
		const t = performance.now();
		libBytes = await renderCertificates(list, layout);
		libTimes.push(performance.now() - t);
	}

	const tLaunch = performance.now();
	const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
	const launchMs = performance.now() - tLaunch;
	const htmlTimes: number[] = [];
	let htmlBytes: Uint8Array = new Uint8Array();
	let htmlBuildMs = 0;
	try {
		for (let r = 0; r < RUNS; r++) {
			const t = performance.now();
			const doc = await html(list, layout);
			htmlBuildMs = performance.now() - t;
			const page = await browser.newPage();
			await page.setContent(doc, { waitUntil: 'load' });
			htmlBytes = await page.pdf({ preferCSSPageSize: true, printBackground: true });
			await page.close();
			htmlTimes.push(performance.now() - t);
		}
	} finally {
		await browser.close();
	}
	// HN_BENCH_KEEP=1 keeps both PDFs to look at (the folder is named in the last row); otherwise nothing stays.
	const keep = process.env.HN_BENCH_KEEP === '1';
	const dir = keep ? fs.mkdtempSync(path.join(os.tmpdir(), 'hn-bench-cert-')) : null;
	if (dir) {
		fs.writeFileSync(path.join(dir, 'pdf-lib.pdf'), libBytes);
		fs.writeFileSync(path.join(dir, 'chromium.pdf'), htmlBytes);
	}

	const lib = median(libTimes);
	const chrome = median(htmlTimes);
	return [
		{ bench: 'certificates', case: `pdf-lib renderCertificates, ${N} × A3`, ms: Math.round(lib), runs: libTimes.map(Math.round).join(' / '), kb: Math.round(libBytes.length / 1024) },
		{ bench: 'certificates', case: `HTML → Chromium page.pdf(), ${N} × A3`, ms: Math.round(chrome), runs: htmlTimes.map(Math.round).join(' / '), kb: Math.round(htmlBytes.length / 1024), note: `launch ${Math.round(launchMs)} ms apart; HTML built in ${Math.round(htmlBuildMs)} ms` },
		{ bench: 'certificates', case: 'ratio Chromium / pdf-lib', ms: Math.round((chrome / lib) * 10) / 10, kb: Math.round((htmlBytes.length / libBytes.length) * 10) / 10, note: dir ? `files in ${dir}` : 'HN_BENCH_KEEP=1 keeps the two PDFs' }
	];
}
