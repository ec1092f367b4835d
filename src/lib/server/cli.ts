/**
 * Command-line tasks: migrate, user:create, demo:seed, backup, restore. Run by scripts/cli.mjs (npm run migrate, …).
 * They open the same database as the server; with the embedded database the server must be stopped
 * first (the folder lock says so if it is not).
 */
import path from 'node:path';
import { createInterface } from 'node:readline/promises';
import { config } from './config';
import { openDatabase, type Database_ } from './db';
import { migrateToLatest } from './db/migrate';
import { SYSTEM_ACTOR, createUser, userCount } from './accounts/service';
import { isRole } from './auth/permissions';
import { isDomainError } from './errors';

async function open(): Promise<Database_> {
	const cfg = config();
	return openDatabase({ url: cfg.databaseUrl, dataDir: cfg.databaseUrl ? null : path.join(cfg.dataDir, 'pglite') });
}

function flag(args: string[], name: string): string | undefined {
	const i = args.indexOf(`--${name}`);
	if (i >= 0) return args[i + 1];
	const eq = args.find((a) => a.startsWith(`--${name}=`));
	return eq?.slice(name.length + 3);
}

/** The arguments that are neither a flag nor the value of one of `valued` (`--out x` takes x, `--out=x` is one). */
function positionals(args: string[], valued: string[]): string[] {
	const out: string[] = [];
	for (let i = 0; i < args.length; i++) {
		const a = args[i];
		if (a.startsWith('--')) {
			if (!a.includes('=') && valued.includes(a.slice(2))) i++;
			continue;
		}
		out.push(a);
	}
	return out;
}

function summary(counts: Record<string, number>): string {
	return Object.entries(counts)
		.map(([k, v]) => `${k}: ${v}`)
		.join(', ');
}

export async function main(argv: string[]): Promise<number> {
	const [cmd, ...args] = argv;
	switch (cmd) {
		case 'migrate': {
			const d = await open();
			try {
				const res = await migrateToLatest(d.db);
				const applied = res.results?.filter((r) => r.status === 'Success') ?? [];
				console.log(applied.length ? `Đã áp dụng ${applied.length} migration: ${applied.map((r) => r.migrationName).join(', ')}` : 'Cơ sở dữ liệu đã ở phiên bản mới nhất.');
			} finally {
				await d.close();
			}
			return 0;
		}
		case 'user:create': {
			let email = flag(args, 'email');
			let name = flag(args, 'name');
			let password = flag(args, 'password') ?? process.env.HN_PASSWORD;
			const org = flag(args, 'org');
			const role = flag(args, 'role');
			const admin = args.includes('--system-admin');
			if (!email || !name || !password) {
				const rl = createInterface({ input: process.stdin, output: process.stdout });
				email ??= await rl.question('Email: ');
				name ??= await rl.question('Họ và tên: ');
				password ??= await rl.question('Mật khẩu (ít nhất 10 ký tự): ');
				rl.close();
			}
			if (role && !isRole(role)) {
				console.error('Vai trò phải là một trong: admin, organiser, finance, reception, viewer');
				return 2;
			}
			const d = await open();
			try {
				await migrateToLatest(d.db);
				const first = (await userCount(d.db)) === 0;
				let orgId: number | null = null;
				if (org) {
					const row = await d.db.selectFrom('organisation').select('id').where((eb) => eb(eb.fn('lower', ['name']), '=', org.toLowerCase())).executeTakeFirst();
					if (!row) {
						console.error(`Không có đơn vị "${org}"`);
						return 2;
					}
					orgId = row.id;
				}
				const id = await createUser(d.db, SYSTEM_ACTOR, {
					email,
					fullName: name,
					password,
					isSystemAdmin: admin || first,
					organisationId: orgId,
					role: (role as never) ?? (orgId ? 'admin' : null)
				});
				console.log(`Đã tạo tài khoản #${id} ${email}${admin || first ? ' (quản trị hệ thống)' : ''}`);
			} catch (e) {
				if (isDomainError(e)) {
					console.error(`${e.message}${e.fields ? ': ' + Object.values(e.fields).join('; ') : ''}`);
					return 2;
				}
				throw e;
			} finally {
				await d.close();
			}
			return 0;
		}
		case 'demo:seed': {
			const d = await open();
			try {
				await migrateToLatest(d.db);
				const { seedDemoIfEmpty } = await import('./demo/seed');
				console.log((await seedDemoIfEmpty(d.db)) ? 'Đã nạp hội nghị mẫu.' : 'Cơ sở dữ liệu đã có dữ liệu: không nạp lại.');
			} finally {
				await d.close();
			}
			return 0;
		}
		case 'backup': {
			// The folder as README writes it (`npm run backup -- <thư mục>`) or with --out; default backups/ next to DATA_DIR.
			const cfg = config();
			const folders = positionals(args, ['out']);
			const outFlag = flag(args, 'out');
			if ((args.includes('--out') || args.some((a) => a.startsWith('--out='))) && (!outFlag || outFlag.startsWith('--'))) {
				console.error('Thiếu thư mục sau --out. Dùng: npm run backup -- <thư mục> (hoặc --out <thư mục>)');
				return 2;
			}
			const wanted = [...folders, ...(outFlag ? [outFlag] : [])].map((f) => path.resolve(f));
			if (new Set(wanted).size > 1) {
				console.error(`Chỉ cho một thư mục sao lưu (nhận được: ${wanted.join(', ')}). Dùng: npm run backup -- <thư mục>`);
				return 2;
			}
			const out = wanted[0] ?? path.resolve(cfg.dataDir, '..', 'backups');
			const { backup } = await import('./backup');
			const res = await backup({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, filesDir: cfg.filesDir }, out);
			console.log(`Đã sao lưu ${res.manifest.database === 'postgres' ? 'PostgreSQL' : 'cơ sở dữ liệu nhúng'}${res.manifest.filesArchive ? ' và các tệp' : ''} vào thư mục:`);
			console.log(`  ${res.dir}`);
			console.log(`(${summary(res.manifest.counts)}). Phục hồi: npm run restore -- "${res.dir}"`);
			return 0;
		}
		case 'restore': {
			const cfg = config();
			const dir = positionals(args, [])[0];
			if (!dir) {
				console.error('Dùng: npm run restore -- <thư mục sao lưu>');
				return 2;
			}
			const { restore } = await import('./backup');
			const m = await restore({ databaseUrl: cfg.databaseUrl, dataDir: cfg.dataDir, filesDir: cfg.filesDir }, path.resolve(dir));
			console.log(`Đã phục hồi bản sao lưu ngày ${m.createdAt} từ ${path.resolve(dir)} (${summary(m.counts)})`);
			return 0;
		}
		default:
			console.log('Dùng: cli.mjs migrate | user:create [--email e --name n --password p --org "Tên đơn vị" --role admin --system-admin] | demo:seed | backup [thư-mục | --out thư-mục] | restore <thư-mục>');
			return cmd ? 2 : 0;
	}
}
