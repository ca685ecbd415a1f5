/** The S3 XML codec: escaping, the response builder, the strict request parser. */
export { escapeXml } from './escape.js';
export { toXml, ATTRS, TEXT, S3_XMLNS, XML_DECLARATION, type XmlObject, type XmlValue, type XmlScalar, type ToXmlOptions } from './build-xml.js';
export { parseXml, childElement, childElements, childText, expectRoot, type XmlElement, type ParseXmlOptions } from './parse-xml.js';
export { readBodyCapped, readDocument, readXmlBody } from './read-body.js';
