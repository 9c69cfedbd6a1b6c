/** Parsed XML: every leaf is a string; an element that repeats becomes an array, in document order. */
export type XmlNode = string | XmlRecord;
export type XmlValue = XmlNode | XmlNode[];
export interface XmlRecord {
  [name: string]: XmlValue;
}

/** What `buildXml` accepts: strings go into CDATA, numbers are written bare, arrays repeat the element. */
export type XmlBuildLeaf = string | number;
export type XmlBuildNode = XmlBuildLeaf | XmlBuildRecord;
export type XmlBuildValue = XmlBuildNode | readonly XmlBuildNode[] | undefined;
export interface XmlBuildRecord {
  readonly [name: string]: XmlBuildValue;
}
