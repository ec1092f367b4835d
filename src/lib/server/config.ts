/**
 * The one reader of the environment. Validates once, fails loudly naming each bad key.
 *
 * Why process.env and not $env/dynamic/private: the same code runs inside SvelteKit (adapter-node, where
 * $env/dynamic/private is process.env anyway), inside the CLI scripts (migrate, user:create, backup) and
 * inside vitest; only process.env exists in all three.
 */
import path from 'node:path';

export interface Config {
	/** PostgreSQL URL; when empty the embedded PGlite database in `dataDir` is used. */
	databaseUrl: string | null;
	/** Folder for the embedded database, uploaded files and generated documents. */
	dataDir: string;
	/** Folder for uploaded and generated files (default: dataDir/files). */
	filesDir: string;
	/** Public base URL used in links sent by mail and printed in QR codes. */
	publicUrl: string;
	production: boolean;
	/** SMTP: when host is empty, mail is kept in the in-app outbox viewer (demo). */
	smtp: {
		host: string | null;
		port: number;
		secure: boolean;
		user: string | null;
		password: string | null;
		from: string;
	};
	/** Secret for signing check-in and verification codes. */
	appSecret: string;
	/** Start the outbox worker inside the web process. */
	runWorker: boolean;
	/** Load the demo conference when the database has no user yet. */
	demoSeed: boolean;
}

function bool(v: string | undefined, dflt: boolean): boolean {
	if (v === undefined || v === '') return dflt;
	return ['1', 'true', 'yes', 'on'].includes(v.toLowerCase());
}

export function readConfig(env: NodeJS.ProcessEnv = process.env): Config {
	const errors: string[] = [];
	const dataDir = path.resolve(env.DATA_DIR || 'data');
	const port = Number(env.SMTP_PORT || 587);
	if (!Number.isInteger(port) || port <= 0 || port > 65535) errors.push(`SMTP_PORT không hợp lệ: ${env.SMTP_PORT}`);
	const publicUrl = (env.PUBLIC_URL || env.ORIGIN || 'http://localhost:3000').replace(/\/+$/, '');
	try {
		new URL(publicUrl);
	} catch {
		errors.push(`PUBLIC_URL không phải là một địa chỉ hợp lệ: ${publicUrl}`);
	}
	const production = env.NODE_ENV === 'production';
	const appSecret = env.APP_SECRET || '';
	if (production && env.DEMO !== '1' && appSecret.length < 32) {
		errors.push('APP_SECRET phải có ít nhất 32 ký tự khi chạy production');
	}
	if (env.DATABASE_URL && !/^postgres(ql)?:\/\//.test(env.DATABASE_URL)) {
		errors.push('DATABASE_URL phải bắt đầu bằng postgres:// hoặc postgresql://');
	}
	if (errors.length) throw new Error('Cấu hình không hợp lệ:\n- ' + errors.join('\n- '));
	return Object.freeze({
		databaseUrl: env.DATABASE_URL || null,
		dataDir,
		filesDir: path.resolve(env.FILES_DIR || path.join(dataDir, 'files')),
		publicUrl,
		production,
		smtp: {
			host: env.SMTP_HOST || null,
			port,
			secure: bool(env.SMTP_SECURE, port === 465),
			user: env.SMTP_USER || null,
			password: env.SMTP_PASSWORD || null,
			from: env.SMTP_FROM || 'Hội Nghị <no-reply@hoinghi.local>'
		},
		// A development fallback keeps `npm run dev` working; production requires a real one (checked above).
		appSecret: appSecret || 'dev-secret-not-for-production-use-0123456789',
		runWorker: bool(env.RUN_WORKER, true),
		demoSeed: bool(env.DEMO_SEED, false)
	});
}

let cached: Config | null = null;
export function config(): Config {
	return (cached ??= readConfig());
}
/** Tests change the environment between files. */
export function resetConfigForTests(): void {
	cached = null;
}
