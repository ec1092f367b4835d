#!/usr/bin/env node
// `npm start`: the production server (after `npm run build`). Reads .env when present, applies safe defaults.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
if (fs.existsSync(path.join(root, '.env'))) process.loadEnvFile(path.join(root, '.env'));
process.env.BODY_SIZE_LIMIT ||= '25M';
process.env.NODE_ENV ||= 'production';
if (!fs.existsSync(path.join(root, 'build/index.js'))) {
	console.error('Chưa có bản build: hãy chạy `npm run build` trước.');
	process.exit(1);
}
await import(path.join(root, 'build/index.js'));
