package corpusgen

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"citebot/index"
)

// A template is a sentence with slots: "{PROV}" is filled with a province,
// "{ABUSE2}" with an abuse other than the one "{ABUSE}" gave just before.
// The slots are listed in (*writer).slot.

// topic is what a section is about: its headings and its sentences.
type topic struct {
	name      string
	headings  []string
	sentences []string
	// intros and items, when set, let a section be a list: an intro
	// ending with ":" and its items.
	intros, items []string
}

var topics = []topic{
	{
		name: "returns",
		headings: []string{
			"Returns and Border Crossings", "Deportations from {HOST}", "Arrivals at {X}",
			"Returns in {Y}", "Forced Returns from {NB}", "Who Is Being Sent Back",
			"Return Figures for {PROV}", "Deportation Flights",
		},
		sentences: []string{
			"{N} Afghans returned from {NB} in {Y}, according to figures published by {ORG}.",
			"{MR} {Y}, {N} people crossed back into Afghanistan through {X}, most of them deported from {NB}.",
			"In {Y}, {HOST} deported {N} Afghans, {P} of whom had lived there for more than a decade.",
			"Deportations from {HOST} rose sharply in {M} {Y}, when {N} Afghans were returned in a single month.",
			"Returns through {X} reached {N} in {Y}, compared with {N2} the year before.",
			"{P} of the returnees registered at {X} in {Y} said they had been forced to leave.",
			"Officials at {X} recorded {N} arrivals from {NB} during {M} {Y} alone.",
			"The number of forced returns from {HOST} fell to {N} in {Y}, after a pause in deportation flights.",
			"Most returnees arriving at {X} in {Y} came from {NB}, with smaller numbers deported from {HOST} and {HOST2}.",
			"Deportation flights from {EURO} to Kabul carried {C} Afghans in {Y}.",
			"Returnees in {PROV} described long journeys, confiscated documents and fines imposed by border police.",
			"Families deported from {NB} in {Y} often arrived with nothing but the clothes they wore.",
			"Border officials in {HOST} expelled {N} undocumented Afghans {MR} {Y}.",
			"Deportees interviewed at {X} said police in {HOST} had detained them for weeks before expulsion.",
			"The pace of returns from {NB} slowed in {M} {Y} but rose again before winter.",
			"{ORG} counted {N} returnees in {PROV} by the end of {Y}, {P} more than a year earlier.",
			"Many of those deported from {HOST} in {Y} had been born abroad and had never lived in Afghanistan.",
			"Returns from {NB} were concentrated at {X} and {X2}, where reception centres were overcrowded.",
		},
	},
	{
		name: "arrival",
		headings: []string{
			"Conditions on Arrival", "Humanitarian Needs in {PROV}", "Livelihoods, Debt and Shelter",
			"Food, Shelter and Work", "The Humanitarian Response", "After the Border",
		},
		sentences: []string{
			"Returnees arriving in {PROV} in {Y} reported {ADJ} shortages of {NEED} and {NEED2}.",
			"{P} of returnee households surveyed in {PROV} in {Y} said they had borrowed money to buy food.",
			"The humanitarian response in {PROV} was stretched by {HAZARD} in {M} {Y}, which displaced {N} people.",
			"Food prices in {CITY} rose by {P} {MR} {Y}.",
			"{ORG} estimated that {N} people in Afghanistan faced acute food insecurity in {Y}.",
			"Without {NEED}, many returnees in {PROV} moved into informal settlements on the edge of {CITY}.",
			"Cash assistance reached {N} returnees in {Y}, far fewer than the number in need.",
			"{HAZARD} in {PROV} in {Y} destroyed {C} homes and left returnee families without shelter.",
			"Returnees in {CITY} said daily labour was scarce and wages had fallen since {M} {Y}.",
			"Host communities in {PROV} shared {NEED} with returnees, but their own stocks ran low by {M}.",
			"Aid workers at {X} handed out {NEED} to arrivals and referred the sick to clinics in {CITY}.",
			"In {Y}, {P} of returnee families in {PROV} lived in tents or unfinished buildings.",
			"Debt was the most common worry among returnees in {PROV}, who owed money to relatives and moneylenders in {NB}.",
			"{ORG} warned in {M} {Y} that {HAZARD} and rising prices would push more returnees into hunger.",
			"Clinics in {PROV} reported {ADJ} cases of malnutrition among returnee families in {Y}.",
		},
	},
	{
		name: "protection",
		headings: []string{
			"Protection Concerns", "Risks After Return", "Abuses Reported by Returnees",
			"Treatment by the De Facto Authorities", "Safety in {PROV}", "Threats and Reprisals",
		},
		sentences: []string{
			"Returnees in {PROV} described {ABUSE} and {ABUSE2} by {AUTH} in {Y}.",
			"{ORG} recorded {C} cases of {ABUSEC} against returnees in {PROV} {MR} {Y}.",
			"{GROUP} deported from {NB} faced {ABUSE} after their return to {PROV}.",
			"People who had worked for foreign embassies or aid agencies said they hid on arrival, fearing {ABUSE}.",
			"{AUTH} in {PROV} questioned returnees about their time abroad and their family links to the former army.",
			"Former police officers deported from {HOST} in {Y} told {ORG} they had received threats by telephone.",
			"In {M} {Y}, {C} returnees in {PROV} reported {ABUSEC} at checkpoints.",
			"Several returnees said {AUTH} had searched their phones for photographs and contacts from abroad.",
			"Relatives of former soldiers in {PROV} described {ABUSE} and pressure to report to local officials.",
			"{ORG} found that fear of {ABUSE} kept many returnees in {CITY} from registering for aid.",
			"Returnees from {HOST} said that {AUTH} treated them as suspects because they had lived in a foreign country.",
			"Members of minority communities in {PROV} reported {ABUSE} and the loss of land after their return.",
		},
		intros: []string{
			"{DORG} identified several groups at heightened risk in {PROV} during {Y}:",
			"Returnees at particular risk in {PROV} in {M} {Y} included:",
			"The monitoring in {PROV} found a pattern of {ABUSE} and {ABUSE2} against:",
			"Among those deported from {NB} in {Y}, {ORG} found the following at risk in {PROV}:",
		},
		items: []string{
			"{LABEL}: Facing {ABUSE}, {ABUSE2} and loss of income in {PROV} since {M} {Y}.",
			"{LABEL}: Reporting {ABUSE} at checkpoints and in their homes in {PROV} in {Y}.",
			"{LABEL}: Unable to obtain {NEED} or {NEED2} in {CITY} without identity documents.",
			"{LABEL}: Excluded from {RIGHT} and from most paid work after their return from {NB}.",
			"{LABEL}: Targeted with {ABUSE} by {AUTH} after returning from {HOST} in {M} {Y}.",
			"{LABEL}: Living in hiding in {CITY}, without {NEED} or {NEED2}.",
			"{LABEL}: Summoned by {AUTH} in {PROV} and questioned about their work before {Y}.",
			"{LABEL}: Deported from {HOST} without a hearing and left at {X} with no {NEED}.",
		},
	},
	{
		name: "women",
		headings: []string{
			"Women and Girls", "Restrictions on Women and Girls in {PROV}", "Female-Headed Households",
			"Education and Work for Women", "Women Among the Returnees",
		},
		sentences: []string{
			"Women and girls returning to {PROV} in {Y} faced restrictions on {RIGHT} and {RIGHT2}.",
			"Female-headed households made up a growing share of returnees at {X} in {Y}.",
			"Girls who had studied in {NB} lost access to {RIGHT} on their return to {PROV}.",
			"Women who had worked as teachers, nurses or judges before leaving said they could not work in {PROV}.",
			"Widows returning from {NB} struggled to register for aid without a male relative.",
			"Women’s groups in {CITY} said that restrictions on {RIGHT} tightened in {M} {Y}.",
			"Young women deported from {HOST} feared forced marriage on their return to {PROV}.",
			"{ORG} found that women in {PROV} needed a male guardian to reach clinics and aid distributions in {Y}.",
			"Female aid workers in {CITY} were barred from field visits for part of {Y}.",
			"Mothers deported from {NB} said their daughters had lost years of schooling.",
			"Women returnees in {PROV} described {ABUSE} when they travelled without a male relative.",
		},
	},
	{
		name: "media",
		headings: []string{
			"Journalists and Human Rights Defenders", "Media and Civic Space", "Pressure on Civil Society",
			"Reporting Under Restrictions", "Activists at Risk",
		},
		sentences: []string{
			"Journalists in {PROV} described censorship, summonses and threats from {AUTH} in {Y}.",
			"At least {C} media outlets in {PROV} closed in {Y}.",
			"Human rights defenders who returned from {HOST} said they changed their phones and addresses to avoid surveillance.",
			"Radio stations in {CITY} were ordered to stop broadcasting music in {M} {Y}.",
			"{ORG} documented intimidation of journalists and civil society activists in {PROV} throughout {Y}.",
			"Journalists deported from {NB} said they feared {ABUSE} because of their past work.",
			"Local reporters in {CITY} said they avoided covering returns for fear of {ABUSE}.",
			"Activists in {PROV} moved between safe houses after {AUTH} visited their families in {M} {Y}.",
			"Human rights defenders in {CITY} said that rules on what could be published changed without notice.",
		},
	},
	{
		name: "law",
		headings: []string{
			"Legal Framework", "Non-Refoulement and Asylum Decisions", "Court Rulings in {EURO}",
			"International Law", "Asylum Procedures in {EURO}",
		},
		sentences: []string{
			"A court in {EURO} ruled in {M} {Y} that the deportation of an Afghan man would breach the principle of non-refoulement.",
			"Lawyers in {EURO} challenged {C} deportation orders for Afghans in {Y}, citing {LAW}.",
			"The asylum authority of {EURO} suspended returns to Afghanistan in {M} {Y}, citing the security situation.",
			"Appeals against rejected asylum claims in {EURO} took an average of {C} days in {Y}.",
			"{ORG} argued that returns to Afghanistan in {Y} were incompatible with obligations under {LAW}.",
			"Recognition rates for Afghan asylum seekers in {EURO} fell to {P} in {Y}.",
			"Judges in {EURO} asked in {Y} whether returnees could find safety in {CITY}.",
			"Non-refoulement obligations apply to deportations and to pushbacks at the border alike, {ORG} noted.",
			"Under {LAW}, asylum authorities in {EURO} had to assess the risks facing each Afghan applicant in {Y}.",
			"In {Y}, {EURO} reopened {C} asylum claims of Afghans that had been rejected before {M}.",
		},
	},
	{
		name: "policy",
		headings: []string{
			"Policy in {EURO}", "Resettlement and Humanitarian Visas", "Return Arrangements Under Discussion",
			"Responses Abroad", "Pathways to Protection",
		},
		sentences: []string{
			"In {Y}, {EURO} and {EURO2} discussed arrangements with Afghan authorities to resume deportation flights.",
			"{EURO} granted {C} humanitarian visas to Afghans at risk in {Y}.",
			"Resettlement places offered by {EURO} in {Y} fell short of the pledges made in {M}.",
			"{EURO} announced in {M} {Y} that it would review its deportation policy by {F}.",
			"Rights groups, including Amnesty International and Human Rights Watch, criticised the returns from {HOST} in {Y}.",
			"Family reunification for Afghans in {EURO} slowed in {Y}, with applicants waiting more than a year.",
			"{ORG} urged {EURO} in {M} {Y} to widen its resettlement programme to {GROUP}.",
			"Plans to process asylum claims outside {EURO} drew criticism from lawyers in {Y}.",
			"Evacuation lists drawn up in {Y} left out many {GROUP}, {ORG} said.",
		},
	},
	{
		name: "monitoring",
		headings: []string{
			"UNAMA Monitoring", "Findings of UN Monitors", "Monitoring Findings for {Y}",
			"What Monitors Recorded", "UN Observations in {PROV}",
		},
		sentences: []string{
			"UNAMA recorded {C} incidents affecting humanitarian workers in {PROV} {MR} {Y}.",
			"In its {QTR} update for {Y}, UNAMA reported {C} civilian casualties from unexploded ordnance.",
			"UNAMA documented {C} instances of {ABUSEC} against returnees in {Y}, most of them in {PROV}.",
			"UNAMA said that restrictions on {RIGHT} were enforced through checkpoints in {PROV} during {Y}.",
			"Monitors from UNAMA visited {C} places of detention in {Y} and raised concerns about conditions there.",
			"UNAMA raised the treatment of returnees with {AUTH} in {PROV} in {M} {Y}.",
			"The {QTR} report of UNAMA for {Y} noted {ADJ} pressure on media workers in {CITY}.",
			"UN monitors in {PROV} verified {C} reports of {ABUSEC} {MR} {Y}.",
		},
	},
	{
		name: "method",
		headings: []string{
			"Methodology", "How This Update Was Prepared", "Sources and Limits", "About the Data",
		},
		sentences: []string{
			"This assessment draws on {C} interviews with returnees conducted in {PROV} {MR} {Y}.",
			"Researchers from {DORG} spoke with {GROUP} at {X} and in {CITY} in {M} {Y}.",
			"Interviews were conducted in Dari and Pashto, by telephone where travel was unsafe.",
			"Figures from border authorities in {NB} were cross-checked against the records of {ORG}.",
			"Names and some places have been withheld to protect those who spoke to {DORG}.",
			"The survey covered {C} households in {PROV} and {PROV2} in {Y}.",
			"Data for {M} {Y} are provisional and may be revised.",
		},
	},
	{
		name: "recommendations",
		headings: []string{
			"Recommendations", "What Governments Should Do", "Calls to Action", "Priorities for {F}",
		},
		sentences: []string{
			"{DORG} asks donors to keep funding the response in {PROV} through {F}.",
			"Governments deporting Afghans should publish their figures each month, {ORG} said in {M} {Y}.",
			"Donors should plan now for returns from {NB} continuing through {F}.",
			"{ORG} called on {EURO} in {Y} to halt deportation flights until conditions in {PROV} improve.",
			"States hosting Afghans, from {HOST} to {EURO}, should give each asylum seeker a fair hearing, {DORG} said.",
			"Aid to returnees in {PROV} should reach {GROUP} first, {ORG} recommended in {Y}.",
			"The authorities in {EURO} should reopen the files of Afghans refused before {M} {Y}.",
		},
		intros: []string{
			"{DORG} recommends that governments and donors in {Y}:",
			"The {DOCWORD} calls on states receiving Afghans from {NB} to:",
			"{DORG} urges the authorities in {EURO} to:",
			"For {PROV} and {PROV2}, {ORG} and {DORG} ask donors to:",
			"Before {M} {F}, {DORG} asks the governments of {HOST} and {EURO} to:",
		},
		items: []string{
			"Suspend deportations to Afghanistan from {HOST} until returnees to {PROV} can be received in safety.",
			"Fund {NEED} and {NEED2} for returnees at {X}, with attention to {GROUP}.",
			"Restore access to {RIGHT} for women and girls in {PROV}.",
			"Expand resettlement from {NB} for {GROUP}, starting with those who waited since {Y}.",
			"Publish monthly figures on deportations from {HOST} since {M} {Y}, broken down by age and sex.",
			"Allow independent monitors, including UNAMA, to visit places of detention in {PROV} and {CITY}.",
			"Review the rejected asylum claims of Afghans decided in {EURO} before {M} {Y}.",
			"Support host communities in {PROV} that received large numbers of returnees from {NB} in {Y}.",
			"Stop pushbacks at the border with {NB} and give every Afghan in {EURO} a fair hearing by {M} {F}.",
			"Provide {NEED} to {GROUP} arriving in {CITY} before the winter of {Y}.",
			"Keep {LAW} at the centre of every decision to return an Afghan from {EURO}.",
			"Press {AUTH} to end {ABUSE} of returnees in {PROV}.",
		},
	},
}

// quotes are sentences a paragraph of any topic may hold.
var quotes = []string{
	"“{QUOTE},” said {PERSON}, {ROLE} at {DORG}.",
	"{PERSON}, {ROLE} at {DORG}, warned that returns to {PROV} were outpacing aid.",
	"“{QUOTE},” {PERSON} of {DORG} told reporters in {CITY}.",
}

var quoteTexts = []string{
	"Sending people back to {PROV} now means sending them into hunger and fear",
	"Returnees arrive with debts they cannot pay and no way to earn",
	"No one should be deported to a country where {GROUP} face {ABUSE}",
	"The pressure on {X} this season was unlike anything we had seen",
	"Governments must keep their promises to the Afghans who worked beside them",
	"Every family we met at {X} had lost something on the way",
	"Aid alone cannot absorb returns on this scale",
}

// leads open a document, before its first heading.
var leads = []string{
	"{DORG} published this update on {PUBDATE}, covering returns to Afghanistan from {NB} and from {HOST}.",
	"This {DOCWORD} examines conditions for returnees in {PROV} during {Y}, drawing on interviews and monitoring data.",
	"The findings show {ADJ} pressure on families deported from {HOST} and on the communities receiving them.",
	"It follows earlier updates on {PROV} and {PROV2} and should be read alongside them.",
}

// kinds are the sorts of document: a title and the topic it dwells on.
var kinds = []struct {
	titles []string
	topic  string
}{
	{[]string{"Return Monitoring Update: {PROV} and {X}, {M} {Y}", "Afghan Returns from {NB} in {Y}: Conditions at {X}"}, "returns"},
	{[]string{"Humanitarian Needs of Returnees in {PROV}, {M} {Y}", "Returnees and Host Communities in {PROV} After {HAZARDT}"}, "arrival"},
	{[]string{"Protection Risks for Afghans Deported from {HOST} in {Y}", "Returnees in {PROV}: Protection Monitoring Brief, {M} {Y}"}, "protection"},
	{[]string{"Women and Girls Among Afghan Returnees in {PROV}, {Y}", "Female-Headed Households Returning from {NB}"}, "women"},
	{[]string{"Journalists and Civil Society in {PROV}: A Monitoring Brief, {Y}", "Media Freedom in {CITY} in {Y}"}, "media"},
	{[]string{"Country Guidance on Afghanistan for Asylum Decisions in {EURO}, {Y}", "Non-Refoulement and Afghan Asylum Seekers in {EURO}"}, "law"},
	{[]string{"Resettlement of Afghans at Risk: {EURO} in {Y}", "Return Policies Towards Afghanistan in {EURO} and {EURO2}"}, "policy"},
	{[]string{"UNAMA Observations on Returnees in {PROV}, {Y}", "Civic Space and Detention in {PROV}: UN Monitoring, {Y}"}, "monitoring"},
}

// Vocabulary. Countries the report names (Turkey, Tajikistan, Germany,
// Austria) are left out; Iran and Pakistan come only together ({NB}).
var (
	hosts = []string{"Uzbekistan", "Turkmenistan", "Kyrgyzstan", "Kazakhstan", "India", "Russia",
		"Qatar", "the United Arab Emirates", "Saudi Arabia", "Greece", "Bulgaria"}
	euros = []string{"Sweden", "Denmark", "Norway", "the Netherlands", "Belgium", "Switzerland",
		"Finland", "Italy", "Greece", "Bulgaria", "Hungary", "Poland"}
	provinces = []string{"Herat", "Nangarhar", "Kandahar", "Balkh", "Kunduz", "Badakhshan", "Ghor",
		"Faryab", "Helmand", "Nimroz", "Paktia", "Khost", "Bamyan", "Daikundi"}
	cities    = []string{"Kabul", "Herat", "Jalalabad", "Mazar-i-Sharif", "Kandahar", "Kunduz"}
	crossings = []string{"Torkham", "Islam Qala", "Spin Boldak", "Zaranj"}
	orgs      = []string{"the Norwegian Refugee Council", "the International Rescue Committee", "Human Rights Watch",
		"the Danish Refugee Council", "the International Organization for Migration", "the Mixed Migration Centre",
		"the Afghanistan Analysts Network", "Save the Children", "the World Food Programme", "OCHA",
		"the Afghan Returnee Support Network", "the Border Monitoring Group"}
	docOrgs = []string{"the Afghan Returnee Support Network", "the Border Monitoring Group", "Kabul Protection Watch",
		"the Central Asia Migration Observatory", "the Hindu Kush Humanitarian Forum", "the Refugee Law Clinic",
		"the Nordic Asylum Network", "the Herat Women’s Council", "Civic Space Monitor Afghanistan",
		"the Returnee Legal Aid Project"}
	publishers = []string{"Kabul Returns Observer", "Refugee Law Review Online", "Central Asia Migration Monitor",
		"Border Watch Afghanistan", "Hindu Kush Humanitarian Bulletin", "European Asylum Notes",
		"Protection Cluster Digest", "Afghan Rights Digest", "Nordic Asylum Forum", "Returnee Voices"}
	firstNames = []string{"Farid", "Mariam", "Laila", "Nasir", "Zahra", "Hamid", "Shabnam", "Ahmad", "Parisa",
		"Omid", "Elena", "Jonas", "Ingrid", "Marco", "Aisha", "Karim", "Fatima", "Tomas", "Sofie", "Rahim",
		"Nadia", "Yusuf", "Hila", "Samir", "Anna", "Lucas", "Freshta", "Wahid"}
	lastNames = []string{"Ahmadi", "Rahimi", "Noori", "Karimi", "Sultani", "Haidari", "Sadat", "Hansen",
		"Lindqvist", "Moretti", "Jensen", "Bakker", "Novak", "Qaderi", "Azizi", "Popal", "Wardak", "Safi",
		"Hashimi", "Berg", "Laurent", "Rossi", "Dahl"}
	roles = []string{"Country Director for Afghanistan", "Head of Protection", "Senior Researcher on Central Asia",
		"Regional Director for the Middle East", "Advocacy Manager", "Legal Adviser", "Director of Programmes",
		"Field Coordinator"}
	groups = []string{"women and girls", "journalists", "human rights defenders", "former government employees",
		"members of ethnic minorities", "returnee families", "unaccompanied boys", "widows",
		"people with disabilities", "former judges", "female teachers", "civil society activists",
		"former soldiers and police officers"}
	labels = []string{"Female Health Workers", "Former Judges and Prosecutors", "Local Journalists",
		"Religious Minorities", "Unaccompanied Boys", "Widows and Female-Headed Households",
		"Civil Society Activists", "Teachers", "Returnee Families", "People with Disabilities",
		"Former Police Officers"}
	abuses = []string{"arbitrary detention", "beatings", "torture", "forced disappearance", "threats",
		"harassment at checkpoints", "confiscation of property", "intimidation", "restrictions on movement",
		"extortion", "house searches", "ill-treatment in custody"}
	// abusesCounted are the abuses a figure counts: not the report's
	// "arbitrary detention and torture" nor its killings.
	abusesCounted = []string{"forced disappearance", "harassment at checkpoints", "extortion",
		"confiscation of identity documents", "house searches", "beatings", "threats against relatives"}
	needs = []string{"shelter", "food", "cash assistance", "healthcare", "identity documents", "winter clothing",
		"clean water", "legal aid", "work", "schooling for their children"}
	hazards  = []string{"drought", "flooding", "an earthquake", "a harsh winter", "a locust outbreak", "flash floods"}
	hazardsT = []string{"the Drought", "the Floods", "the Earthquake", "a Harsh Winter"}
	laws     = []string{"the 1951 Refugee Convention", "the Convention against Torture",
		"the International Covenant on Civil and Political Rights", "the European Convention on Human Rights",
		"the EU Qualification Directive"}
	rights = []string{"secondary education", "university", "work outside the home", "travel without a male guardian",
		"parks and public baths", "healthcare without a male escort", "work for aid agencies", "teaching"}
	auths    = []string{"the Taliban", "the Taliban’s de facto authorities", "de facto authorities", "local Taliban officials", "Taliban intelligence officers"}
	adjs     = []string{"severe", "growing", "persistent", "acute", "serious", "mounting"}
	quarters = []string{"first quarter", "second quarter", "third quarter", "fourth quarter"}
	docWords = []string{"update", "brief", "assessment", "report", "note"}
	months   = []string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
	qualifiers = []string{"", "", "over ", "more than ", "nearly ", "about ", "at least ", "some "}
)

// Years: what happened is dated 2019 to 2022, what is planned 2026.
const (
	firstYear  = 2019
	lastYear   = 2022
	futureYear = 2026
)

// forbiddenCounts are the report's own numbers (and the stray number under
// its title): no generated count or percentage is one of them.
var forbiddenCounts = map[int]bool{14: true, 21: true, 32: true, 60: true}

// writer fills templates for one document.
type writer struct {
	r     *rand.Rand
	year  int               // the document's year
	month int               // the document's month, 1 to 12
	day   int               // the document's day
	last  map[string]string // the last value of each list, so "{X2}" differs from "{X}"
	doc   struct{ org, person, role string }
	// the document's own places, used more often than others
	prov, host, euro string
}

func generate(r *rand.Rand, n, passages int) Document {
	w := &writer{r: r, last: make(map[string]string)}
	w.year = firstYear + r.IntN(lastYear-firstYear+1)
	w.month = 1 + r.IntN(12)
	w.day = 1 + r.IntN(28)
	w.doc.org = pick(r, docOrgs)
	w.doc.person = pick(r, firstNames) + " " + pick(r, lastNames)
	w.doc.role = pick(r, roles)
	w.prov, w.host, w.euro = pick(r, provinces), pick(r, hosts), pick(r, euros)

	kind := kinds[r.IntN(len(kinds))]
	title := w.fill(pick(r, kind.titles))
	var b strings.Builder
	b.WriteString(title)
	b.WriteString("\n\n")

	left := passages
	// One or two lead paragraphs before the first heading, as in the report.
	for i := range min(left, 1+r.IntN(2)) {
		b.WriteString(w.paragraph(leads[2*i:2*i+2], 1, 2))
		left--
	}
	prev := ""
	for left > 0 {
		t := w.topicFor(kind.topic, prev)
		prev = t.name
		size := min(left, 3+r.IntN(5))
		b.WriteString(w.fill(pick(r, t.headings)))
		b.WriteString("\n\n")
		if len(t.intros) > 0 && size >= 3 && r.IntN(3) > 0 {
			b.WriteString(w.paragraph([]string{pick(r, t.intros)}, 1, 1))
			numbered := t.name == "recommendations"
			for i := 1; i < size; i++ {
				marker := "  • "
				if numbered {
					marker = fmt.Sprintf("  %d. ", i)
				}
				b.WriteString(marker + w.sentence(pick(r, t.items)) + "\n\n")
			}
		} else {
			for range size {
				b.WriteString(w.paragraph(t.sentences, 2, 4))
			}
		}
		left -= size
	}
	return Document{
		Name: fmt.Sprintf("gen-%04d.txt", n),
		Text: b.String(),
		Meta: index.Meta{
			Title:     title,
			Publisher: pick(r, publishers),
			Date:      fmt.Sprintf("%04d-%02d-%02d", w.year, w.month, w.day),
		},
	}
}

// topicFor draws a section's topic: the document's own one time in three,
// otherwise any, but not the previous section's.
func (w *writer) topicFor(own, prev string) *topic {
	for {
		t := &topics[w.r.IntN(len(topics))]
		if w.r.IntN(3) == 0 {
			for i := range topics {
				if topics[i].name == own {
					t = &topics[i]
				}
			}
		}
		if t.name != prev {
			return t
		}
	}
}

// paragraph writes from lo to hi sentences drawn from templates, each
// template at most once, sometimes with a quotation, and a blank line.
func (w *writer) paragraph(templates []string, lo, hi int) string {
	n := min(lo+w.r.IntN(hi-lo+1), len(templates))
	order := w.r.Perm(len(templates))[:n]
	parts := make([]string, 0, n+1)
	for _, i := range order {
		parts = append(parts, w.sentence(templates[i]))
	}
	if hi > 1 && w.r.IntN(6) == 0 {
		parts = append(parts, w.sentence(pick(w.r, quotes)))
	}
	return strings.Join(parts, " ") + "\n\n"
}

// sentence fills a template and starts it with a capital letter.
func (w *writer) sentence(t string) string { return upperFirst(w.fill(t)) }

// fill replaces every "{SLOT}" of t.
func (w *writer) fill(t string) string {
	var b strings.Builder
	for {
		i := strings.IndexByte(t, '{')
		if i < 0 {
			b.WriteString(t)
			return b.String()
		}
		j := strings.IndexByte(t[i:], '}')
		if j < 0 {
			panic("corpusgen: unclosed slot in " + t)
		}
		b.WriteString(t[:i])
		b.WriteString(w.slot(t[i+1 : i+j]))
		t = t[i+j+1:]
	}
}

func (w *writer) slot(name string) string {
	r := w.r
	switch name {
	case "Y": // a year of the document's time, up to its own
		return fmt.Sprint(max(firstYear, w.year-r.IntN(3)))
	case "F":
		return fmt.Sprint(futureYear)
	case "M":
		return w.distinct("month", months)
	case "MR": // a range of months, in order
		a := r.IntN(10)
		b := a + 1 + r.IntN(11-a)
		if r.IntN(2) == 0 {
			return "between " + months[a] + " and " + months[b]
		}
		return "from " + months[a] + " to " + months[b]
	case "PUBDATE":
		return fmt.Sprintf("%s %d, %d", months[w.month-1], w.day, w.year)
	case "N":
		return pick(r, qualifiers) + w.number()
	case "N2":
		return w.number()
	case "C":
		return fmt.Sprint(w.count())
	case "P":
		p := 5 + r.IntN(91)
		for forbiddenCounts[p] {
			p = 5 + r.IntN(91)
		}
		if r.IntN(2) == 0 {
			return fmt.Sprintf("%d%%", p)
		}
		return fmt.Sprintf("%d percent", p)
	case "HOST", "HOST2":
		return w.own(&w.host, "host", hosts)
	case "EURO", "EURO2":
		return w.own(&w.euro, "euro", euros)
	case "NB":
		if r.IntN(2) == 0 {
			return "Iran and Pakistan"
		}
		return "Pakistan and Iran"
	case "PROV", "PROV2":
		return w.own(&w.prov, "prov", provinces)
	case "CITY":
		return w.distinct("city", cities)
	case "X", "X2":
		return w.distinct("crossing", crossings)
	case "ORG":
		return w.distinct("org", orgs)
	case "DORG":
		return w.doc.org
	case "PERSON":
		return w.doc.person
	case "ROLE":
		return w.doc.role
	case "QUOTE":
		return w.fill(pick(r, quoteTexts))
	case "GROUP":
		return w.distinct("group", groups)
	case "LABEL":
		return w.distinct("label", labels)
	case "ABUSE", "ABUSE2":
		return w.distinct("abuse", abuses)
	case "ABUSEC":
		return w.distinct("abusec", abusesCounted)
	case "NEED", "NEED2":
		return w.distinct("need", needs)
	case "HAZARD":
		return pick(r, hazards)
	case "HAZARDT":
		return pick(r, hazardsT)
	case "LAW":
		return pick(r, laws)
	case "RIGHT", "RIGHT2":
		return w.distinct("right", rights)
	case "AUTH":
		return pick(r, auths)
	case "ADJ":
		return pick(r, adjs)
	case "QTR":
		return pick(r, quarters)
	case "DOCWORD":
		return pick(r, docWords)
	}
	panic("corpusgen: unknown slot {" + name + "}")
}

// own gives the document's own value of a list half the time, another
// value otherwise, never the same twice in a row.
func (w *writer) own(v *string, list string, values []string) string {
	if w.r.IntN(2) == 0 && w.last[list] != *v {
		w.last[list] = *v
		return *v
	}
	return w.distinct(list, values)
}

// distinct picks a value of a list other than the one picked last.
func (w *writer) distinct(list string, values []string) string {
	v := pick(w.r, values)
	for v == w.last[list] {
		v = pick(w.r, values)
	}
	w.last[list] = v
	return v
}

// number is a figure of people: "1.3 million" or "48,700", never the
// report's 2.6 million.
func (w *writer) number() string {
	r := w.r
	if r.IntN(4) == 0 {
		for {
			whole, tenth := 1+r.IntN(4), r.IntN(10)
			if whole == 2 && tenth == 6 {
				continue
			}
			if tenth == 0 {
				return fmt.Sprintf("%d million", whole)
			}
			return fmt.Sprintf("%d.%d million", whole, tenth)
		}
	}
	return thousands(1200 + 100*r.IntN(9788))
}

// count is a small figure, 3 to 480, never one of the report's.
func (w *writer) count() int {
	for {
		c := 3 + w.r.IntN(478)
		if !forbiddenCounts[c] {
			return c
		}
	}
}

// thousands writes n with commas: 48700 as "48,700".
func thousands(n int) string {
	s := fmt.Sprint(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	return b.String()
}

func pick(r *rand.Rand, values []string) string { return values[r.IntN(len(values))] }

func upperFirst(s string) string {
	c, n := utf8.DecodeRuneInString(s)
	if unicode.IsUpper(c) || n == 0 {
		return s
	}
	return string(unicode.ToUpper(c)) + s[n:]
}
