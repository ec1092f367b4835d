#!/usr/bin/env node
// The server for the end-to-end tier: the built app on a fresh embedded database with the demo conference.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const port = process.argv[2] || '4173';
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hn-e2e-'));
const origin = `http://127.0.0.1:${port}`;
const env = {
	...process.env,
	PORT: port,
	HOST: '127.0.0.1',
	ORIGIN: origin,
	PUBLIC_URL: origin,
	DATA_DIR: dataDir,
	BODY_SIZE_LIMIT: '25M',
	DEMO_SEED: '1',
	DEMO: '1',
	NODE_ENV: 'production',
	APP_SECRET: 'e2e-secret-0123456789-0123456789-0123456789'
};
delete env.DATABASE_URL;
const child = spawn(process.execPath, ['build/index.js'], { env, stdio: 'inherit' });
const cleanup = () => fs.rmSync(dataDir, { recursive: true, force: true });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => child.kill(sig));
child.on('exit', (code) => {
	cleanup();
	process.exit(code ?? 0);
});
