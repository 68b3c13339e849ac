package meeting

import "slices"

// Reseated returns p's seats after a form offered the bodies offered and the seats chosen were
// ticked: the seats of bodies the form does not offer are kept as they are, then the chosen seats
// follow in order, each carrying over the role p held in that body when the chosen seat names
// none. A seat of an offered body that is not chosen is dropped. p is not changed.
func (p Person) Reseated(offered []Body, chosen []Membership) []Membership {
	on := map[Body]bool{}
	for _, b := range offered {
		on[b] = true
	}
	var ms []Membership
	for _, m := range p.Memberships {
		if !on[m.Body] {
			ms = append(ms, m)
		}
	}
	for _, c := range chosen {
		if c.Role == "" {
			for _, old := range p.Memberships {
				if old.Body == c.Body {
					c.Role = old.Role
				}
			}
		}
		ms = append(ms, c)
	}
	return ms
}

// GuestNamed returns the person of exactly that name among people (the first, as a copy), or else
// a new guest of the village by that name: a villager not on the roster, remembered from a
// meeting once saved.
func GuestNamed(people []Person, village ID, name string) Person {
	for _, p := range people {
		if p.Name == name {
			p.Memberships = slices.Clone(p.Memberships)
			return p
		}
	}
	return Person{VillageID: village, Name: name, Guest: true}
}
