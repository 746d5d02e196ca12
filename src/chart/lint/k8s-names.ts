// Kubernetes object-name validation as Helm's lint applies it (apimachinery's NameIsDNSSubdomain,
// NameIsDNS1035Label, ValidateNamespaceName, IsPathSegmentName), with apimachinery's messages.

const DNS1123_LABEL = '[a-z0-9]([-a-z0-9]*[a-z0-9])?';
const DNS1123_SUBDOMAIN = `${DNS1123_LABEL}(\\.${DNS1123_LABEL})*`;
const DNS1035_LABEL = '[a-z]([-a-z0-9]*[a-z0-9])?';

const anchored = (re: string): RegExp => new RegExp(`^${re}$`);
const rxSubdomain = anchored(DNS1123_SUBDOMAIN);
const rxLabel = anchored(DNS1123_LABEL);
const rx1035 = anchored(DNS1035_LABEL);

const regexError = (msg: string, re: string, ...examples: string[]): string =>
  `${msg} (e.g. ${examples.map((e) => `'${e}'`).join(',  or ')}, regex used for validation is '${re}')`;

type NameCheck = (name: string) => string[];

const isDNS1123Subdomain: NameCheck = (name) => {
  const errs: string[] = [];
  if (name.length > 253) errs.push('must be no more than 253 characters');
  if (!rxSubdomain.test(name)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 subdomain must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character",
        DNS1123_SUBDOMAIN,
        'example.com',
      ),
    );
  }
  return errs;
};

const isDNS1123Label: NameCheck = (name) => {
  const errs: string[] = [];
  if (name.length > 63) errs.push('must be no more than 63 characters');
  if (!rxLabel.test(name)) {
    errs.push(
      regexError(
        "a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-', and must start and end with an alphanumeric character",
        DNS1123_LABEL,
        'my-name',
        '123-abc',
      ),
    );
  }
  return errs;
};

const isDNS1035Label: NameCheck = (name) => {
  const errs: string[] = [];
  if (name.length > 63) errs.push('must be no more than 63 characters');
  if (!rx1035.test(name)) {
    errs.push(
      regexError(
        "a DNS-1035 label must consist of lower case alphanumeric characters or '-', start with an alphabetic character, and end with an alphanumeric character",
        DNS1035_LABEL,
        'my-name',
        'abc-123',
      ),
    );
  }
  return errs;
};

const isPathSegmentName: NameCheck = (name) => {
  if (name === '.' || name === '..') return [`may not be '${name}'`];
  const errs: string[] = [];
  for (const illegal of ['/', '%']) if (name.includes(illegal)) errs.push(`may not contain '${illegal}'`);
  return errs;
};

const SUBDOMAIN_KINDS = new Set([
  'pod',
  'node',
  'secret',
  'endpoints',
  'resourcequota',
  'controllerrevision',
  'daemonset',
  'deployment',
  'replicaset',
  'statefulset',
  'autoscaler',
  'cronjob',
  'job',
  'lease',
  'endpointslice',
  'networkpolicy',
  'ingress',
  'podsecuritypolicy',
  'priorityclass',
  'podpreset',
  'storageclass',
  'volumeattachment',
  'csinode',
]);

function checkFor(kind: string): NameCheck {
  const k = kind.toLowerCase();
  if (SUBDOMAIN_KINDS.has(k)) return isDNS1123Subdomain;
  switch (k) {
    case 'service':
      return isDNS1035Label;
    case 'namespace':
      return isDNS1123Label;
    case 'serviceaccount':
      return isDNS1123Subdomain;
    case 'certificatesigningrequest':
      return () => [];
    case 'role':
    case 'clusterrole':
    case 'rolebinding':
    case 'clusterrolebinding':
      return isPathSegmentName;
    default:
      return isDNS1123Subdomain;
  }
}

const goQuote = (s: string): string => JSON.stringify(s);

/** validateMetadataName: the warning text, or undefined. */
export function validateMetadataName(kind: string, name: string): string | undefined {
  const errs = checkFor(kind)(name).map((m) => `metadata.name: Invalid value: ${goQuote(name)}: ${m}`);
  if (errs.length === 0) return undefined;
  const agg = errs.length === 1 ? errs[0]! : `[${errs.join(', ')}]`;
  return `object name does not conform to Kubernetes naming requirements: ${goQuote(name)}: ${agg}`;
}
