/** Which database the integration tier runs on, and URLs derived from the configured server. */
export function testDbKind(): 'pglite' | 'postgres' {
	if (process.env.HN_TEST_DB === 'postgres') {
		if (!process.env.TEST_DATABASE_URL && !process.env.DATABASE_URL)
			throw new Error('HN_TEST_DB=postgres cần TEST_DATABASE_URL (hoặc DATABASE_URL) trỏ tới máy chủ PostgreSQL');
		return 'postgres';
	}
	return 'pglite';
}

/** The configured server URL (its database is used only for CREATE/DROP DATABASE). */
export function adminUrl(): string {
	return (process.env.TEST_DATABASE_URL || process.env.DATABASE_URL)!;
}

/** The same server, another database. */
export function dbUrl(database: string): string {
	const u = new URL(adminUrl());
	u.pathname = '/' + database;
	return u.toString();
}
