// The one definition of "loopback": where plain http is acceptable for a service URL
// (the simulator, a local proxy). Used by the IPS client (electron/ips/regions.ts), the
// app core's account check and the CLI's argument check. No Node imports: the WHATWG URL
// parser normalizes every spelling of an address (127.1, 0x7f.0.0.1, 2130706433,
// [0:0:0:0:0:0:0:1], ::ffff:127.0.0.1) the same way the HTTP stack will connect to it.
//
// Loopback: localhost and names under .localhost (RFC 6761), with or without the final
// dot; 127.0.0.0/8; ::1; IPv4-mapped ::ffff:127.x.y.z. Not loopback: 0.0.0.0 and ::
// (unspecified: "any interface", reaches other hosts on some systems), names that only
// start with localhost (localhost.evil.com), everything else.

function parseHost(host: string): string | undefined {
  let h = host.trim();
  if (h === '') return undefined;
  // A bare IPv6 address needs brackets to be parsed as a URL host.
  if (h.includes(':') && !h.startsWith('[')) h = `[${h}]`;
  try {
    const u = new URL(`http://${h}/`);
    // Anything that is not only a host (a port, a user, a path) is not a host name.
    if (u.port !== '' || u.username !== '' || u.password !== '' || u.pathname !== '/' || u.search !== '' || u.hash !== '') return undefined;
    return u.hostname.toLowerCase();
  } catch {
    return undefined;
  }
}

/** True if the host name (as in a URL, IPv6 with or without brackets) is this computer's loopback. */
export function isLoopbackHost(host: string): boolean {
  const h = parseHost(host);
  if (h === undefined) return false;
  if (h.startsWith('[')) {
    const v6 = h.slice(1, -1);
    // The parser writes ::1 and ::ffff:127.x.y.z as ::1 and ::ffff:7fXX:XXXX.
    return v6 === '::1' || /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(v6);
  }
  if (/^\d+\.\d+\.\d+\.\d+$/.test(h)) return h.startsWith('127.');
  const name = h.endsWith('.') ? h.slice(0, -1) : h;
  return name === 'localhost' || name.endsWith('.localhost');
}

/** True if the URL's host is loopback (see isLoopbackHost). A string that is not a URL is not. */
export function isLoopbackUrl(url: string | URL): boolean {
  let u: URL;
  try {
    u = typeof url === 'string' ? new URL(url) : url;
  } catch {
    return false;
  }
  return isLoopbackHost(u.hostname);
}
