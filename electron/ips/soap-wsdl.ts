// The soap package's client for the IPS WSDL, made the same way on the main thread
// (./client.ts, which also sends with it) and in the answer worker (./answer-worker.ts,
// which only parses with it), and the envelope parser both use on answers.
import { fileURLToPath } from 'node:url';
import { createClientAsync, type Client } from 'soap';
import { envelopeReader, type ReaderOptions } from './envelope-reader.ts';

/** The WSDL next to this module (the build copies wsdl/ next to the bundles). */
export const WSDL_URL = new URL('./wsdl/IpsApi-2014-04-03.wsdl', import.meta.url);

// Keep every scalar as the text on the wire; normalize.ts does the typing.
const keepText = (text: string): string => text;
const CUSTOM_DESERIALIZER = Object.fromEntries(
  ['int', 'integer', 'long', 'short', 'byte', 'double', 'float', 'decimal', 'boolean', 'bool', 'dateTime', 'date', 'time'].map((n) => [n, keepText]),
);

/** Raw SOAP text → soap's object tree (throws on XML it cannot read). */
export type EnvelopeParser = (xml: string) => unknown;

export async function loadSoapClient(httpClient?: unknown): Promise<Client> {
  return createClientAsync(fileURLToPath(WSDL_URL), {
    ...(httpClient !== undefined && { httpClient }),
    customDeserializer: CUSTOM_DESERIALIZER,
    // Text is kept verbatim (execSchedule may end in a space that matters).
    preserveWhitespace: true,
    disableCache: true,
  } as unknown as Parameters<typeof createClientAsync>[1]);
}

/** soap's own response parser (sax underneath) for this client's WSDL. */
export function soapEnvelopeParser(client: Client): EnvelopeParser {
  return (xml: string) => client.wsdl.xmlToObject(xml) as unknown;
}

/**
 * The parser answers go through: the one-pass reader (./envelope-reader.ts), which makes the
 * tree soap would, and soap's own parser for the shapes the reader leaves to it.
 */
export function envelopeParser(client: Client, opts?: ReaderOptions): EnvelopeParser {
  const read = envelopeReader(client, opts);
  const soap = soapEnvelopeParser(client);
  return (xml: string) => read(xml) ?? soap(xml);
}
