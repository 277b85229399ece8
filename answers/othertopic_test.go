package answers

import (
	"os"
	"path/filepath"
	"testing"

	"citebot/index"
)

// TestOtherDocumentsTopic: beside an article about measles, a question on
// measles in hospital is not answered by another document's sentence on
// deaths in hospital, which never speaks of measles; asked of that
// document's own subject, it is. Alone, the other document answers what
// it can (no title to tell another subject). Among a few documents, the
// thing a question asks above all, which one document says often and
// another never, is the first one's: "the other four districts" is not
// answered by a river's "four are considered major".
func TestOtherDocumentsTopic(t *testing.T) {
	dir := t.TempDir()
	for name, text := range map[string]string{
		"measles.txt": "Measles cases rise in the northern districts\n\n" +
			"Measles cases in the region rose to 63 in 2024, the health authority said.\n\n" +
			"Vaccination clinics will open in every district in March.\n",
		"detention.txt": "Migrant detention doubles on the island\n\n" +
			"Two of the four deaths in custody in 2025 followed transfers to hospital, the ministry said.\n\n" +
			"The monitor visited three detention centres between June and November.\n",
		"ferries.txt": "Inquiry faults port over six ferry accidents\n\n" +
			"The inquiry heard from 41 witnesses on the six accidents over 19 sessions.\n",
	} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	docs, err := index.Load(dir)
	if err != nil {
		t.Fatal(err)
	}
	both := engineOver(t, func() (*index.Store, error) { return index.OpenDir(t.TempDir(), docs) })
	wantAnswered(t, both, []answering{
		{"how many hospital admissions for measles were there in 2025", false},
		{"how many deaths in custody followed transfers to hospital in 2025", true},
		{"how many measles cases were there in 2024", true},
		// A number is no subject: "six" in another document's title does
		// not make the question its.
		{"in which months did the six monitors visit the detention centres?", true},
	})
	var detention []*index.Document
	for _, d := range docs {
		if d.Stem == "detention" {
			detention = append(detention, d)
		}
	}
	alone := engineOver(t, func() (*index.Store, error) { return index.OpenDir(t.TempDir(), detention) })
	if q := alone.parse("how many hospital admissions for measles were there in 2025"); alone.otherTopic(q, detention[0]) {
		t.Error("with one document, a thing it never speaks of is read as another document's subject")
	}
}

func TestOtherDocumentsSubject(t *testing.T) {
	// The report and every invented document, as TestSeveralDocuments
	// puts them in one seeds folder.
	docs, err := index.Load("../seeds")
	if err != nil {
		t.Fatal(err)
	}
	dirs, err := filepath.Glob("testdata/docs/*")
	if err != nil {
		t.Fatal(err)
	}
	for _, dir := range dirs {
		ds, err := index.Load(dir)
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, ds...)
	}
	e := engineOver(t, func() (*index.Store, error) { return index.OpenDir(t.TempDir(), docs) })
	a, err := e.Ask(t.Context(), "What are the names of the other four districts?")
	if err != nil {
		t.Fatal(err)
	}
	if a.Answered && a.Citations[0].Doc == "river.txt" {
		t.Errorf("the other four districts answered by the river's tributaries: %q", a.Citations[0].Quote)
	}
	wantAnswered(t, e, []answering{{"how many named tributaries does the Calquén have", true}})
}
