// IPS faults: the SoapFault the operations throw and the soap:Fault element it becomes.
import { NS_UNVERSIONED, esc } from './xml.ts';

export type FaultElement = 'authenticationFault' | 'authorizationFault' | 'ipsApiFault';

export class SoapFault extends Error {
  readonly element: FaultElement;
  readonly code: number;
  readonly reason: string;
  constructor(element: FaultElement, code: number, reason: string) {
    super(`${element} ${code}: ${reason}`);
    this.element = element;
    this.code = code;
    this.reason = reason;
  }
}

const FAULT_STRING: Record<FaultElement, string> = {
  authenticationFault: 'AuthenticationException',
  authorizationFault: 'AuthorizationException',
  ipsApiFault: 'IpsApiException',
};

/** The soap:Fault element (SOAP 1.1 or 1.2 shape), prefix `soap` as the soap package's envelope uses. */
export function faultXml(f: { element: FaultElement; code: number; reason: string }, soap12: boolean): string {
  const detail = `<s7:${f.element} xmlns:s7="${NS_UNVERSIONED}"><s7:code>${f.code}</s7:code><s7:reason>${esc(f.reason)}</s7:reason></s7:${f.element}>`;
  const client = f.element !== 'ipsApiFault' || f.code !== 30000;
  if (soap12) {
    return (
      `<soap:Fault><soap:Code><soap:Value>soap:${client ? 'Sender' : 'Receiver'}</soap:Value></soap:Code>` +
      `<soap:Reason><soap:Text xml:lang="en">${FAULT_STRING[f.element]}</soap:Text></soap:Reason><soap:Detail>${detail}</soap:Detail></soap:Fault>`
    );
  }
  return `<soap:Fault><faultcode>soap:${client ? 'Client' : 'Server'}</faultcode><faultstring>${FAULT_STRING[f.element]}</faultstring><detail>${detail}</detail></soap:Fault>`;
}

/** An ipsApiFault (30001 bad value, 30002 missing value, 30003 bad request). */
export const api = (code: number, reason: string): SoapFault => new SoapFault('ipsApiFault', code, reason);
/** An authorizationFault (20000 unknown company, 20003 role, 20006 not a member). */
export const authz = (code: number, reason: string): SoapFault => new SoapFault('authorizationFault', code, reason);
