// Added to FerretDB's SQLite backend by Job Tracker for Teams' build (src/db/ferretdb.ts).

package sqlite

import (
	"fmt"
	"regexp"

	"github.com/FerretDB/FerretDB/internal/backends/sqlite/metadata"
	"github.com/FerretDB/FerretDB/internal/handler/sjson"
	"github.com/FerretDB/FerretDB/internal/types"
	"github.com/FerretDB/FerretDB/internal/util/must"
)

// plainField is a top-level field name that can be written into a JSON path as it is.
var plainField = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*$`)

// prepareWhereClause hands the filter's top-level equalities to SQLite: `_id` equal to a string or an
// ObjectID (searched in the unique `_id` index), and any other plain field equal to a string. The condition
// may match more documents than the filter (a field holding an array passes, as the array may contain the
// value; an ObjectID reads as its hex string): the handler filters what it gets again. The filter is
// applied entirely only when it is a single `_id` equality, which `exact` reports.
func prepareWhereClause(filter *types.Document) (whereClause string, args []any, exact bool) {
	fields := filter.Map()
	if len(fields) == 0 || len(fields) != filter.Len() {
		return "", nil, false // nothing to hand down, or a key given twice: the handler alone decides
	}

	var conditions []string

	for _, key := range filter.Keys() {
		value := fields[key]

		switch {
		case key == "_id":
			switch value.(type) {
			case string, types.ObjectID:
				conditions = append(conditions, fmt.Sprintf(`%s = ?`, metadata.IDColumn))
				args = append(args, string(must.NotFail(sjson.MarshalSingleValue(value))))
			}

		case plainField.MatchString(key):
			if s, ok := value.(string); ok {
				conditions = append(conditions, fmt.Sprintf(
					`(%[1]s->>'%[2]s' = ? OR json_type(%[1]s, '$.%[2]s') = 'array')`, metadata.DefaultColumn, key,
				))
				args = append(args, s)
			}
		}
	}

	if len(conditions) == 0 {
		return "", nil, false
	}

	whereClause = ` WHERE ` + conditions[0]
	for _, c := range conditions[1:] {
		whereClause += ` AND ` + c
	}

	_, onlyID := fields["_id"]
	exact = len(fields) == 1 && onlyID && len(conditions) == 1

	return whereClause, args, exact
}
