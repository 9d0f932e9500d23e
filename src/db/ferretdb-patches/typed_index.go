// Added to FerretDB's SQLite metadata by Job Tracker for Teams' build (src/db/ferretdb.ts).

package metadata

import (
	"fmt"
	"regexp"
)

// PlainField is a top-level field name that can be written into a JSON path as it is.
var PlainField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// TypeColumn returns SQL giving the type FerretDB records for a top-level field in the document's schema
// (NULL when the field is missing), where a date of 13 digits is told apart as `date13`: dates are stored as
// milliseconds, and the JSON texts of those from 2001-09-09 to 2286-11-20 order as the dates do. The field
// must match PlainField.
//
// The expression is not a function call at its top: SQLite takes a function that may give a JSON subtype (as
// `->` does) from an index only where it is compared directly, while this one it takes wherever it appears.
func TypeColumn(field string) string {
	typ := fmt.Sprintf(`%s->>'$."$s".p.%s.t'`, DefaultColumn, field)

	return fmt.Sprintf(
		`CASE WHEN %[1]s = 'date' AND %[2]s->>'%[3]s' BETWEEN 1000000000000 AND 9999999999999 THEN 'date13' ELSE %[1]s END`,
		typ, DefaultColumn, field,
	)
}

// typeColumns returns the columns that follow an index's fields in this build: the types of its top-level
// fields. SQLite then answers from the index alone the type checks that make a count or a sort exact,
// instead of parsing the JSON of every document it counts or sorts. A unique index gets none: they would
// take part in its uniqueness.
func typeColumns(index IndexInfo) []string {
	if index.Unique {
		return nil
	}

	var columns []string

	for _, key := range index.Key {
		if PlainField.MatchString(key.Field) {
			columns = append(columns, TypeColumn(key.Field))
		}
	}

	return columns
}
