/** Root `<optionsets>`: the global choices, with the WeChat value of each option as ExternalValue. */
import type { OptionSetDef } from '../../../solution/src/dsl/types-components.js';
import { el, leaf, type XmlElement } from '../xml.js';
import { INTRODUCED_VERSION, labels } from './labels.js';

export function optionSetsXml(optionSets: OptionSetDef[]): XmlElement {
  return el(
    'optionsets',
    {},
    optionSets.map((set) =>
      el(
        'optionset',
        { Name: set.name, localizedName: set.displayName[1033], description: set.description[1033] },
        leaf('OptionSetType', 'picklist'),
        leaf('IsGlobal', true),
        leaf('IntroducedVersion', INTRODUCED_VERSION),
        leaf('IsCustomizable', true),
        labels('displaynames', 'displayname', set.displayName),
        labels('Descriptions', 'Description', set.description),
        el(
          'options',
          {},
          set.options.map((option) =>
            el('option', { value: option.value, ExternalValue: option.externalValue ?? '' }, labels('labels', 'label', option.label)),
          ),
        ),
      ),
    ),
  );
}
