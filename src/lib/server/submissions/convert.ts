/**
 * DOCX → PDF with LibreOffice (`soffice --headless --convert-to pdf`), when it is installed on the server.
 * Each conversion runs in its own temporary folder with its own LibreOffice profile (two conversions at
 * once would otherwise fight over the profile lock), under a timeout that kills the whole process group.
 * Without soffice the booklet lists DOCX items as needing a PDF instead.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import fsp from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

/**
 * The soffice executable found on PATH (what `which soffice` would print), or null. Looked up on every
 * booklet, so installing LibreOffice takes effect without a restart. (PATH is the system's search path,
 * not application configuration, hence read here rather than in config.ts.)
 */
export function findSoffice(envPath = process.env.PATH ?? ''): string | null {
	for (const dir of envPath.split(path.delimiter)) {
		if (!dir) continue;
		for (const name of ['soffice', 'libreoffice']) {
			const p = path.join(dir, name);
			if (isExecutable(p)) return p;
		}
	}
	return null;
}

function isExecutable(p: string): boolean {
	try {
		fs.accessSync(p, fs.constants.X_OK);
		return fs.statSync(p).isFile();
	} catch {
		return false;
	}
}

export class ConversionError extends Error {
	constructor(message: string) {
		super(message);
		this.name = 'ConversionError';
	}
}

/** Converts DOCX bytes to PDF bytes; throws ConversionError on failure or timeout. */
export async function convertDocxToPdf(
	bytes: Uint8Array,
	opts: { soffice?: string | null; timeoutMs?: number } = {}
): Promise<Uint8Array> {
	const soffice = opts.soffice === undefined ? findSoffice() : opts.soffice;
	if (!soffice) throw new ConversionError('soffice not installed');
	const dir = await fsp.mkdtemp(path.join(os.tmpdir(), 'hn-docx-'));
	try {
		const input = path.join(dir, 'tham-luan.docx');
		await fsp.writeFile(input, bytes);
		const profile = pathToFileURL(path.join(dir, 'profile')).href;
		await new Promise<void>((resolve, reject) => {
			const child = spawn(
				soffice,
				[`-env:UserInstallation=${profile}`, '--headless', '--norestore', '--nologo', '--nolockcheck', '--convert-to', 'pdf', '--outdir', dir, input],
				{ cwd: dir, env: { ...process.env, HOME: dir }, stdio: ['ignore', 'pipe', 'pipe'], detached: true }
			);
			let out = '';
			child.stdout?.on('data', (b) => (out += b));
			child.stderr?.on('data', (b) => (out += b));
			const timer = setTimeout(() => {
				try {
					process.kill(-child.pid!, 'SIGKILL');
				} catch {
					child.kill('SIGKILL');
				}
				reject(new ConversionError(`soffice timed out after ${opts.timeoutMs ?? 90_000} ms`));
			}, opts.timeoutMs ?? 90_000);
			child.on('error', (e) => {
				clearTimeout(timer);
				reject(new ConversionError(e.message));
			});
			child.on('exit', (code) => {
				clearTimeout(timer);
				if (code === 0) resolve();
				else reject(new ConversionError(`soffice exited with ${code}: ${out.slice(0, 400)}`));
			});
		});
		const output = path.join(dir, 'tham-luan.pdf');
		if (!fs.existsSync(output)) throw new ConversionError('soffice produced no PDF');
		return new Uint8Array(await fsp.readFile(output));
	} finally {
		await fsp.rm(dir, { recursive: true, force: true }).catch(() => {});
	}
}
