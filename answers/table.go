package answers

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Row is one line of a table of scores.
type Row struct {
	Name  string
	Score Score
}

// WriteTable prints rows as a table, one set a line: recall@1 and
// abstention, then whatever the sets label (claims' verdicts, questions
// about one's own case, the reply's language, conversations' last turns);
// "-" where a set labels none.
func WriteTable(w io.Writer, rows []Row) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "set\tquestions\trecall@1\tabstention\tverdict\tpersonal read\tgeneral read\treply lang\tlast-turn recall\tlast-turn abstention")
	for _, r := range rows {
		s := r.Score
		fmt.Fprintf(tw, "%s\t%d\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n", r.Name, s.Answerable+s.Unanswerable,
			figure(Tally{N: s.Answerable, Right: s.Found}), figure(Tally{N: s.Unanswerable, Right: s.Refused}),
			figure(s.Verdict), figure(s.Personal), figure(s.General), figure(s.Lang),
			figure(s.TurnRecall), figure(s.TurnAbstain))
	}
	return tw.Flush()
}

// figure is a rate with its counts, "0.950 (19/20)", or "-" over nothing.
func figure(t Tally) string {
	if t.N == 0 {
		return "-"
	}
	return fmt.Sprintf("%.3f (%d/%d)", t.Rate(), t.Right, t.N)
}
