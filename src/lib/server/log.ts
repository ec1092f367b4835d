/**
 * What may appear in the server's log. Personal links carry their secret in the path (/r/<token>,
 * /u/<token>, /v/<code>): a logged path shows the route, never the token. Query strings are never logged.
 */
const SECRET_SEGMENT = /^\/(r|u|v)\/[^/]+/;

export function loggablePath(pathname: string): string {
	return pathname.replace(SECRET_SEGMENT, '/$1/…');
}
