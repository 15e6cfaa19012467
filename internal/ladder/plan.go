package ladder

// A plan is what both renderers draw: the rows that can be drawn, their
// labels cleaned, grouped into steps (one row, or several State rows on
// different lanes that happen at one moment), and the steps through which
// each lane's lifeline runs.
type plan struct {
	lanes []Lane // labels cleaned
	steps [][]Row
	// first and last are, per lane, the first and last step the lane takes
	// part in; the lifeline is drawn from one to the other, and not before
	// the socket exists or after it is gone. first > last for a lane that
	// takes part in no step.
	first, last []int
	remote      bool // some lane that is drawn is Remote: the legend explains it
	pending     bool // some row is Pending: the legend explains it
}

// A lifeline is how a lane's vertical line is drawn in one step.
type lifeline int

const (
	noLifeline     lifeline = iota // the lane's socket does not exist yet, or any more
	solidLifeline                  // a lane of the session
	remoteLifeline                 // a peer outside the session: dashed
	gapLifeline                    // time passes: dotted
)

// newPlan makes the plan of d. A lane number out of range is taken as
// NoLane; a Message with one such end becomes an Arrival or a Departure;
// a row with nothing left to draw is left out.
func newPlan(d *Diagram) *plan {
	n := len(d.Lanes)
	p := &plan{lanes: make([]Lane, n), first: make([]int, n), last: make([]int, n)}
	for i, l := range d.Lanes {
		p.lanes[i] = Lane{Label: clean(l.Label), Sublabel: clean(l.Sublabel), Remote: l.Remote}
		p.first[i], p.last[i] = 0, -1
	}
	lane := func(i int) int {
		if i < 0 || i >= n {
			return NoLane
		}
		return i
	}
	for _, r := range d.Rows {
		r.Lane, r.Peer, r.Label = lane(r.Lane), lane(r.Peer), clean(r.Label)
		switch r.Kind {
		case Message:
			switch {
			case r.Lane == NoLane && r.Peer == NoLane:
				continue
			case r.Lane == NoLane:
				r.Kind, r.Lane, r.Peer = Arrival, r.Peer, NoLane
			case r.Peer == NoLane:
				r.Kind = Departure
			}
		case Arrival, Departure, Note, State:
			if r.Lane == NoLane {
				continue
			}
		case Gap:
		default:
			continue
		}
		if r.Kind == Note || r.Kind == State || r.Kind == Gap {
			r.Peer, r.Pending = NoLane, false
		}
		if r.Kind == Gap {
			r.Lane = NoLane
		}
		p.add(r)
	}
	for i, l := range p.lanes {
		if l.Remote && p.first[i] <= p.last[i] {
			p.remote = true
		}
	}
	return p
}

// add appends r to the plan, as a step of its own or, for a State row,
// to the step before when that step is made of State rows on other lanes.
func (p *plan) add(r Row) {
	s := len(p.steps)
	if r.Kind == State && s > 0 && p.steps[s-1][0].Kind == State && !hasLane(p.steps[s-1], r.Lane) {
		s--
		p.steps[s] = append(p.steps[s], r)
	} else {
		p.steps = append(p.steps, []Row{r})
	}
	p.takePart(r.Lane, s)
	if r.Kind == Message {
		p.takePart(r.Peer, s)
	}
	p.pending = p.pending || r.Pending
}

func hasLane(rows []Row, lane int) bool {
	for _, r := range rows {
		if r.Lane == lane {
			return true
		}
	}
	return false
}

// takePart records that lane takes part in step s.
func (p *plan) takePart(lane, s int) {
	if lane == NoLane {
		return
	}
	if p.first[lane] > p.last[lane] {
		p.first[lane] = s
	}
	p.last[lane] = s
}

// lifeline is how lane's line is drawn through step s.
func (p *plan) lifeline(s, lane int) lifeline {
	switch {
	case s < p.first[lane] || s > p.last[lane]:
		return noLifeline
	case p.steps[s][0].Kind == Gap:
		return gapLifeline
	case p.lanes[lane].Remote:
		return remoteLifeline
	}
	return solidLifeline
}

// stubSide says where the short arrow of an Arrival or a Departure goes:
// on the left of its lane's line or on the right, and which way it points.
// An arrival comes in from its source's side (the left when the source is
// not drawn, or is the lane itself); a departure leaves toward its
// destination's side (the right when that is not drawn).
func stubSide(r Row) (leftSide, pointsRight bool) {
	if r.Kind == Arrival {
		leftSide = r.Peer == NoLane || r.Peer <= r.Lane
		return leftSide, leftSide
	}
	pointsRight = r.Peer == NoLane || r.Peer > r.Lane
	return !pointsRight, pointsRight
}
