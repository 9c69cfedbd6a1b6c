/**
 * Environment variable definitions travel beside customizations.xml, as real exports carry them:
 * `environmentvariabledefinitions/<schemaname>/environmentvariabledefinition.xml`.
 * Type 100000000 is String (environmentvariabledefinition.type).
 */
import type { EnvironmentVariableDef } from '../../solution/src/dsl/types-components.js';
import { LANGUAGES } from '../../solution/src/dsl/labels.js';
import { INTRODUCED_VERSION } from './customizations/labels.js';
import { el, leaf, renderXml } from './xml.js';

const TYPES: Record<EnvironmentVariableDef['type'], number> = { String: 100000000 };

export function environmentVariableFiles(variables: EnvironmentVariableDef[]): [string, string][] {
  return variables.map((v) => {
    const localized = (name: string, text: EnvironmentVariableDef['displayName']) =>
      el(
        name,
        { default: text[1033] },
        LANGUAGES.map((lcid) => el('label', { description: text[lcid], languagecode: lcid })),
      );
    const xml = el(
      'environmentvariabledefinition',
      { schemaname: v.schemaName },
      v.defaultValue !== undefined ? leaf('defaultvalue', v.defaultValue) : undefined,
      localized('description', v.description),
      localized('displayname', v.displayName),
      leaf('introducedversion', INTRODUCED_VERSION),
      leaf('iscustomizable', true),
      leaf('isrequired', v.isRequired),
      leaf('secretstore', 0),
      leaf('type', TYPES[v.type]),
    );
    return [`environmentvariabledefinitions/${v.schemaName}/environmentvariabledefinition.xml`, renderXml(xml)];
  });
}
