export { buildXml, cdata } from './build.js';
export { WechatXmlError, type WechatXmlErrorKind } from './errors.js';
export { DEFAULT_MAX_XML_BYTES, hasMarkupDeclaration, parseXml, type ParseXmlOptions } from './parse.js';
export { xmlChild, xmlList, xmlText, xmlTextFields } from './read.js';
export type { XmlBuildLeaf, XmlBuildNode, XmlBuildRecord, XmlBuildValue, XmlNode, XmlRecord, XmlValue } from './types.js';
